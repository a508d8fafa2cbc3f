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

// The agent's session carries its tenant id, so the executor is handed it
// without a query: read from the committed tenants, not with a statement,
// which keeps the call's scheduling points the executor's own.
std::int64_t agent_tenant_id(const model::World& world, const std::string& slug) {
  for (const model::db::Row& tenant : world.db.committed_rows(model::kTenants.name)) {
    if (tenant.text("slug") == slug) return tenant.id();
  }
  throw std::invalid_argument(fmt::format("no tenant has slug '{}'", slug));
}

// update_page_section tenant=acme page=home section=home-hero-main [type=hero] [content="Welcome"]
void update_page_section(model::World& world, std::string_view variant, const Arguments& arguments) {
  model::SectionEditRequest request{argument(arguments, "tenant"), argument(arguments, "page"),
                                    argument(arguments, "section"), argument_or(arguments, "type", "text"),
                                    argument_or(arguments, "content", "")};
  model::CallOutcome outcome{world.exec.current(), std::string(model::kUpdatePageSection),
                             model::section_edit_key(request)};
  try {
    const std::int64_t tenant_id = agent_tenant_id(world, request.tenant);
    auto executor = impl::make_storefront_executor(variant, model_backend(world));
    impl::UpdatePageSectionResult result = executor->update_page_section(
        tenant_id, {request.page, {request.section, request.type, request.content}});
    outcome.status = model::CallStatus::kSuccess;
    outcome.detail = fmt::format("{}: section '{}' on page '{}' ({})", result.message, result.section_id,
                                 result.page_name, result.preview_url);
  } catch (const impl::StorefrontEditConflict& conflict) {
    outcome.status = model::CallStatus::kConflict;
    outcome.detail = conflict.what();
  } catch (const std::exception& error) {
    outcome.status = model::CallStatus::kError;
    outcome.detail = error.what();
  }
  finish_call(world, std::move(outcome));
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
  auto tenants = session->select(model::kTenants.name, {{"slug", slug}});
  if (tenants.empty()) throw std::invalid_argument(fmt::format("no tenant has slug '{}': give it first", slug));
  const std::vector<std::string> pages = page_names(argument_or(arguments, "pages", "home"));
  const std::string config = impl::draft_config_text(impl::empty_pages(pages));
  session->insert(model::kStorefrontDrafts.name,
                  {{"tenant_id", tenants.front().id()}, {"config", config}, {"version", std::int64_t{1}}});
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
