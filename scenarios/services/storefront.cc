// Report 004: the update_page_section executor, its discard_draft beside
// it, and the `draft` fixture that gives a tenant its storefront draft.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "impl/storefront/draft_config.h"
#include "impl/storefront/storefront_executor.h"
#include "model/app_schema.h"
#include "model/invariants/unique_section_ids.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

// The agent's session carries its tenant id: the executor is handed it.
std::int64_t agent_tenant_id(const model::World& world, const std::string& slug) {
  if (auto id = committed_id(world, model::kTenants.name, "slug", slug)) return *id;
  throw std::invalid_argument(fmt::format("no tenant has slug '{}'", slug));
}

// update_page_section tenant=acme page=home section=home-hero-main [type=hero] [content="Welcome"]
void update_page_section(model::World& world, std::string_view variant, const Arguments& arguments) {
  model::SectionEditRequest request{argument(arguments, "tenant"), argument(arguments, "page"),
                                    argument(arguments, "section"), argument_or(arguments, "type", "text"),
                                    argument_or(arguments, "content", "")};
  record_call<impl::StorefrontEditConflict>(
      world, std::string(model::kUpdatePageSection), model::section_edit_key(request), [&] {
        const std::int64_t tenant_id = agent_tenant_id(world, request.tenant);
        auto executor = impl::make_storefront_executor(variant, model_backend(world));
        impl::UpdatePageSectionResult result = executor->update_page_section(
            tenant_id, {request.page, {request.section, request.type, request.content}});
        return fmt::format("{}: section '{}' on page '{}' ({})", result.message, result.section_id,
                           result.page_name, result.preview_url);
      });
}

// discard_draft tenant=acme
void discard_draft(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::string& tenant = argument(arguments, "tenant");
  record_call<impl::StorefrontEditConflict>(
      world, std::string(model::kDiscardDraft), model::draft_discard_key(tenant), [&] {
        const std::int64_t tenant_id = agent_tenant_id(world, tenant);
        auto executor = impl::make_storefront_executor(variant, model_backend(world));
        impl::DiscardDraftResult result = executor->discard_draft(tenant_id);
        return fmt::format("{} ({})", result.message, result.preview_url);
      });
}

// The comma-separated items of a fixture argument; `what` names one item in
// the error for an empty one.
std::vector<std::string> comma_list(std::string_view argument_name, const std::string& list, std::string_view what) {
  std::vector<std::string> items;
  for (std::size_t begin = 0; begin <= list.size();) {
    std::size_t end = std::min(list.find(',', begin), list.size());
    if (end == begin) throw std::invalid_argument(fmt::format("{} '{}' has an empty {}", argument_name, list, what));
    items.push_back(list.substr(begin, end - begin));
    begin = end + 1;
  }
  return items;
}

// sections=home:home-hero-main,about:about-story: each section, in the
// order given, appended to its page as update_page_section's defaults
// would write it (type "text", no content). A mistake names the entry and
// what is valid, since the draft must start as an edit could have left it.
void add_sections(nlohmann::json& pages, const std::vector<std::string>& page_names, const std::string& list) {
  std::vector<std::string> ids;
  for (const std::string& entry : comma_list("sections", list, "entry")) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument(
          fmt::format("sections entry '{}' is not PAGE:SECTION_ID (e.g. home:home-hero-main)", entry));
    }
    const std::string page = entry.substr(0, colon);
    const std::string id = entry.substr(colon + 1);
    if (!pages.contains(page)) {
      throw std::invalid_argument(fmt::format("sections entry '{}' names page '{}', which the draft does not have "
                                              "(its pages: {})",
                                              entry, page, fmt::join(page_names, ", ")));
    }
    if (id.empty()) throw std::invalid_argument(fmt::format("sections entry '{}' has an empty section id", entry));
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      throw std::invalid_argument(fmt::format(
          "sections repeats section id '{}' (section ids are unique across the draft's pages)", id));
    }
    ids.push_back(id);
    pages[page]["sections"].push_back(nlohmann::json{{"id", id}, {"type", "text"}, {"content", ""}});
  }
}

// given draft tenant=acme [pages=home,about] [sections=home:home-hero-main]
// The tenant's committed draft: each page with the sections given (none by
// default), version 1.
void draft(model::World& world, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "tenant");
  auto session = world.db.connect();
  const std::int64_t tenant_id = id_of(*session, model::kTenants.name, "slug", slug);
  const std::vector<std::string> names = comma_list("pages", argument_or(arguments, "pages", "home"), "page name");
  nlohmann::json pages = impl::empty_pages(names);
  if (arguments.count("sections")) add_sections(pages, names, argument(arguments, "sections"));
  const std::string config = impl::draft_config_text(pages);
  session->insert(model::kStorefrontDrafts.name,
                  {{"tenant_id", tenant_id}, {"config", config}, {"version", std::int64_t{1}}});
  session->commit();
}

}  // namespace

ServiceDef storefront_service() {
  return {"storefront",
          impl::storefront_executor_variants(),
          {{std::string_view(model::kUpdatePageSection), "storefront", {"tenant", "page", "section"},
            {"type", "content"}, &update_page_section},
           {std::string_view(model::kDiscardDraft), "storefront", {"tenant"}, {}, &discard_draft}},
          {{"draft", {"tenant"}, {"pages", "sections"}, &draft}}};
}

}  // namespace interleave::scenarios
