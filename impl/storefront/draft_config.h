#pragma once
// The draft storefront config (storefront_drafts.config, jsonb) and the
// statements that read and write it: getDraftConfigWithSlug
// (server/src/agent/tools/utils.ts) and saveDraftConfig /
// saveDraftConfigWithVersion (storefront-executors.ts).
//
// The document, one per tenant:
//   {"pages":{"about":{"sections":[]},
//             "home":{"sections":[{"content":"Welcome","id":"home-hero-main","type":"hero"}]}}}
// written as compact JSON (nlohmann's dump: sorted keys, no spaces), which
// is the column's canonical text.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/db/session.h"

namespace interleave::impl {

struct DraftConfig {
  nlohmann::json pages;  // PagesConfig: page name -> {"sections": [section, ...]}
  std::string slug;      // the tenant's, for the preview URL
  std::int64_t version = 0;
};

// getDraftConfigWithSlug(prisma, tenantId): the tenant (for its slug) and its
// draft, two statements. Throws std::runtime_error when either is missing.
DraftConfig get_draft_config_with_slug(model::db::Session& prisma, std::int64_t tenant_id);

// saveDraftConfig(prisma, tenantId, pages): writes the whole config, as the
// original does; the version column is left alone.
void save_draft_config(model::db::Session& prisma, std::int64_t tenant_id, const nlohmann::json& pages);

// saveDraftConfigWithVersion: writes the whole config only if the version is
// still `expected_version`, and bumps it. False when no row matched: another
// edit committed first.
bool save_draft_config_with_version(model::db::Session& prisma, std::int64_t tenant_id, const nlohmann::json& pages,
                                    std::int64_t expected_version);

// The config column's text for `pages`: {"pages": pages}, compact.
std::string draft_config_text(const nlohmann::json& pages);

// What a new draft holds: each named page, without sections.
nlohmann::json empty_pages(const std::vector<std::string>& page_names);

}  // namespace interleave::impl
