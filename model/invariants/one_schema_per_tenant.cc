#include "model/invariants/one_schema_per_tenant.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/invariants/tenant_columns.h"
#include "model/world.h"

namespace interleave::model {

namespace {

// The schema a live tenant owns, as the server names it; empty for a
// deleted tenant or one without schema_name. A view into the stored row.
std::string_view owned_schema(const std::vector<db::Value>& tenant) {
  if (!std::holds_alternative<std::monostate>(tenant[tenant_columns().deleted_at])) return {};
  const auto* name = std::get_if<std::string>(&tenant[tenant_columns().schema_name]);
  return name ? db::truncated_identifier(*name) : std::string_view();
}

// Runs after every step: a pairwise scan of the few committed tenants,
// copying nothing until it has a violation to report.
std::optional<Violation> shared_schema(const World& world) {
  std::optional<Violation> found;
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& first) {
    const std::string_view schema = owned_schema(first);
    if (found || schema.empty()) return;
    const std::int64_t first_id = std::get<std::int64_t>(first[tenant_columns().id]);
    world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& second) {
      if (found || std::get<std::int64_t>(second[tenant_columns().id]) <= first_id) return;
      if (owned_schema(second) != schema) return;
      found = Violation{"one-schema-per-tenant",
                        fmt::format("tenants '{}' and '{}' share schema {} (the server cuts names to {} bytes)",
                                    std::get<std::string>(first[tenant_columns().slug]),
                                    std::get<std::string>(second[tenant_columns().slug]), schema,
                                    db::kMaxIdentifierBytes)};
    });
  });
  return found;
}

std::optional<Violation> ready_without_schema(const World& world) {
  const std::vector<std::string> schemas = world.db.committed_schemas();
  std::optional<Violation> found;
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& tenant) {
    const std::string_view schema = owned_schema(tenant);
    if (found || schema.empty() || std::get<std::string>(tenant[tenant_columns().status]) != tenant_status::kReady) return;
    if (std::find(schemas.begin(), schemas.end(), schema) != schemas.end()) return;
    found = Violation{"one-schema-per-tenant", fmt::format("tenant '{}' is ready, but its schema {} does not exist",
                                                           std::get<std::string>(tenant[tenant_columns().slug]), schema)};
  });
  return found;
}

}  // namespace

std::optional<Violation> OneSchemaPerTenant::check_step(const World& world) const { return shared_schema(world); }

std::optional<Violation> OneSchemaPerTenant::check_quiescent(const World& world) const {
  if (auto shared = shared_schema(world)) return shared;
  return ready_without_schema(world);
}

}  // namespace interleave::model
