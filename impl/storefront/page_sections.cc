#include "impl/storefront/page_sections.h"

#include <stdexcept>

#include <fmt/format.h>

namespace interleave::impl {

UpdatedPages apply_page_section(const nlohmann::json& pages, const UpdatePageSectionPayload& payload) {
  const std::string& page_name = payload.page_name;
  const SectionData& section_data = payload.section_data;
  if (!pages.contains(page_name)) throw std::invalid_argument(fmt::format("Page \"{}\" not found", page_name));

  // Section ID uniqueness validation, against the pages as they were read.
  const std::string& incoming_id = section_data.id;
  for (const auto& [p_name, p_config] : pages.items()) {
    if (p_name == page_name) continue;
    for (const nlohmann::json& section : p_config.at("sections")) {
      if (section.at("id") == incoming_id) throw StorefrontEditConflict::section_id_taken(incoming_id, p_name);
    }
  }

  UpdatedPages updated{pages, "added"};
  nlohmann::json& new_sections = updated.pages[page_name]["sections"];
  const nlohmann::json section = {
      {"id", section_data.id}, {"type", section_data.type}, {"content", section_data.content}};
  for (nlohmann::json& existing : new_sections) {
    if (existing.at("id") == incoming_id) {
      existing = section;
      updated.action = "updated";
      return updated;
    }
  }
  new_sections.push_back(section);
  return updated;
}

UpdatePageSectionResult section_result(const UpdatedPages& updated, const UpdatePageSectionPayload& payload,
                                       const std::string& slug) {
  return {.action = updated.action,
          .page_name = payload.page_name,
          .section_id = payload.section_data.id,
          .preview_url = fmt::format("/t/{}?preview=draft&page={}", slug, payload.page_name),
          .message = fmt::format("Section {} successfully", updated.action)};
}

}  // namespace interleave::impl
