#include "impl/storefront/draft_config.h"

#include <stdexcept>

#include <fmt/format.h>

#include "model/app_schema.h"

namespace interleave::impl {

DraftConfig get_draft_config_with_slug(model::db::Session& prisma, std::int64_t tenant_id) {
  auto tenants = prisma.select(model::kTenants.name, {{"id", tenant_id}});
  if (tenants.empty()) throw std::runtime_error(fmt::format("Tenant {} not found", tenant_id));
  auto drafts = prisma.select(model::kStorefrontDrafts.name, {{"tenant_id", tenant_id}});
  if (drafts.empty()) throw std::runtime_error(fmt::format("Tenant {} has no storefront draft", tenant_id));
  const model::db::Row& draft = drafts.front();
  return {nlohmann::json::parse(draft.text("config")).at("pages"), tenants.front().text("slug"),
          std::get<std::int64_t>(draft["version"])};
}

void save_draft_config(model::db::Session& prisma, std::int64_t tenant_id, const nlohmann::json& pages) {
  prisma.update(model::kStorefrontDrafts.name, {{"config", draft_config_text(pages)}}, {{"tenant_id", tenant_id}});
}

bool save_draft_config_with_version(model::db::Session& prisma, std::int64_t tenant_id, const nlohmann::json& pages,
                                    std::int64_t expected_version) {
  // The WHERE clause is the optimistic lock: a writer that read an older
  // version matches no row (and, after waiting for a concurrent writer,
  // PostgreSQL re-checks it against the row that writer left).
  const std::int64_t updated =
      prisma.update(model::kStorefrontDrafts.name,
                    {{"config", draft_config_text(pages)}, {"version", expected_version + 1}},
                    {{"tenant_id", tenant_id}, {"version", expected_version}});
  return updated == 1;
}

std::string draft_config_text(const nlohmann::json& pages) { return nlohmann::json{{"pages", pages}}.dump(); }

nlohmann::json empty_pages(const std::vector<std::string>& page_names) {
  nlohmann::json pages = nlohmann::json::object();
  for (const std::string& name : page_names) pages[name] = {{"sections", nlohmann::json::array()}};
  return pages;
}

}  // namespace interleave::impl
