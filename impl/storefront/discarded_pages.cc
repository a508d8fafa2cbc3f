#include "impl/storefront/discarded_pages.h"

#include <fmt/format.h>

namespace interleave::impl {

nlohmann::json discarded_pages(const nlohmann::json& pages) {
  nlohmann::json discarded = pages;
  for (auto& [name, page] : discarded.items()) page["sections"] = nlohmann::json::array();
  return discarded;
}

DiscardDraftResult discard_result(const nlohmann::json& pages, const std::string& slug) {
  DiscardDraftResult result{.preview_url = fmt::format("/t/{}?preview=draft", slug)};
  for (const auto& [name, page] : pages.items()) result.page_names.push_back(name);
  result.message = fmt::format("Draft discarded: {} page{} emptied", result.page_names.size(),
                               result.page_names.size() == 1 ? "" : "s");
  return result;
}

}  // namespace interleave::impl
