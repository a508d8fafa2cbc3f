// Report 004: the update_page_section executor, and the `draft` fixture
// that gives a tenant its storefront draft.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

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

std::vector<std::string> page_names(const std::string& list) {
  std::vector<std::string> names;
  for (std::size_t begin = 0; begin <= list.size();) {
    std::size_t end = std::min(list.find(',', begin), list.size());
    if (end == begin) throw std::invalid_argument(fmt::format("pages '{}' has an empty page name", list));
    names.push_back(list.substr(begin, end - begin));
    begin = end + 1;
  }
  return names;
}

// given draft tenant=acme [pages=home,about]
// The tenant's committed draft: each page without sections, version 1.
void draft(model::World& world, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "tenant");
  auto session = world.db.connect();
  const std::int64_t tenant_id = id_of(*session, model::kTenants.name, "slug", slug);
  const std::vector<std::string> pages = page_names(argument_or(arguments, "pages", "home"));
  const std::string config = impl::draft_config_text(impl::empty_pages(pages));
  session->insert(model::kStorefrontDrafts.name,
                  {{"tenant_id", tenant_id}, {"config", config}, {"version", std::int64_t{1}}});
  session->commit();
}

}  // namespace

ServiceDef storefront_service() {
  return {"storefront",
          impl::storefront_executor_variants(),
          {{std::string_view(model::kUpdatePageSection), "storefront", {"tenant", "page", "section"},
            {"type", "content"}, &update_page_section}},
          {{"draft", {"tenant"}, {"pages"}, &draft}}};
}

}  // namespace interleave::scenarios
