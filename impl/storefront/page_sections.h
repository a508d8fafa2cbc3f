#pragma once
// What update_page_section does in memory between its read and its write:
// validate the page, check that the incoming section id is not used on
// another page (against the pages it read: stale unless the read and the
// write are protected together), then update the section in place or append
// it. Every variant runs exactly this; they differ in what protects it.

#include <string>

#include <nlohmann/json.hpp>

#include "impl/storefront/storefront_executor.h"

namespace interleave::impl {

struct UpdatedPages {
  nlohmann::json pages;  // updatedPages: what saveDraftConfig writes
  std::string action;    // "added" or "updated"
};

// Throws std::invalid_argument (`Page "x" not found`) for a page the draft
// lacks and StorefrontEditConflict::section_id_taken for an id used on
// another page. `pages` is left as it was.
UpdatedPages apply_page_section(const nlohmann::json& pages, const UpdatePageSectionPayload& payload);

// The executor's answer for an edit that was saved.
UpdatePageSectionResult section_result(const UpdatedPages& updated, const UpdatePageSectionPayload& payload,
                                       const std::string& slug);

}  // namespace interleave::impl
