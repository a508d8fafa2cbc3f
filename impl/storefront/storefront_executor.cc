#include "impl/storefront/storefront_executor.h"

#include <fmt/format.h>

#include "impl/storefront/variants.h"

namespace interleave::impl {

StorefrontEditConflict StorefrontEditConflict::section_id_taken(std::string_view section_id,
                                                                std::string_view page_name) {
  return StorefrontEditConflict(
      fmt::format("Section ID '{}' already exists on page '{}'. IDs must be unique.", section_id, page_name));
}

StorefrontEditConflict StorefrontEditConflict::draft_busy(std::int64_t timeout_ms) {
  return StorefrontEditConflict(fmt::format(
      "Another edit to this storefront is still being saved (waited {} ms for it). Please try again.", timeout_ms));
}

StorefrontEditConflict StorefrontEditConflict::concurrent_modification(std::int64_t expected_version, int attempts) {
  return StorefrontEditConflict(fmt::format(
      "The storefront draft was modified by another edit during each of {} attempts (last read: version {}). "
      "Please reload and try again.",
      attempts, expected_version));
}

std::unique_ptr<StorefrontExecutor> make_storefront_executor(std::string_view variant, Backend backend) {
  if (variant == "seed") return make_seed_storefront_executor(std::move(backend));
  if (variant == "fixed") return make_fixed_storefront_executor(std::move(backend));
  if (variant == "alt") return make_alt_storefront_executor(std::move(backend));
  return nullptr;
}

std::vector<std::string_view> storefront_executor_variants() { return {"seed", "fixed", "alt"}; }

}  // namespace interleave::impl
