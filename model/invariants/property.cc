#include "model/invariants/property.h"

#include "model/invariants/unique_slugs.h"

namespace interleave::model {

std::unique_ptr<Property> make_property(std::string_view name) {
  if (name == "unique-slugs") return std::make_unique<UniqueSlugs>();
  return nullptr;
}

std::vector<std::string_view> property_names() { return {"unique-slugs"}; }

}  // namespace interleave::model
