#include "model/invariants/deleted_stays_deleted.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/invariants/tenant_columns.h"
#include "model/world.h"

namespace interleave::model {

namespace {

Violation deleted_stays_deleted_violation(std::string message) { return {"deleted-stays-deleted", std::move(message)}; }

std::int64_t id_of(const std::vector<db::Value>& row) { return std::get<std::int64_t>(row[0]); }

bool soft_deleted(const std::vector<db::Value>& tenant) {
  return !std::holds_alternative<std::monostate>(tenant[tenant_columns().deleted_at]);
}

bool active(const std::vector<db::Value>& tenant) {
  const auto* flag = std::get_if<std::int64_t>(&tenant[tenant_columns().is_active]);
  return flag && *flag != 0;
}

bool schema_exists(const std::vector<std::string>& schemas, std::string_view schema) {
  return std::find(schemas.begin(), schemas.end(), schema) != schemas.end();
}

std::int64_t last_membership_id(const World& world, std::int64_t tenant_id) {
  std::int64_t last = 0;
  world.db.visit_committed(kMemberships.name, [&](const std::vector<db::Value>& membership) {
    if (std::get<std::int64_t>(membership[tenant_columns().membership_tenant]) == tenant_id) {
      last = std::max(last, id_of(membership));
    }
  });
  return last;
}

std::int64_t last_product_id(const World& world, std::string_view schema) {
  std::int64_t last = 0;
  if (schema.empty()) return last;
  world.db.visit_committed(
      kProducts.name, [&](const std::vector<db::Value>& product) { last = std::max(last, id_of(product)); }, schema);
  return last;
}

bool noted(const PropertyMemory& memory, std::int64_t tenant_id) {
  return std::any_of(memory.deleted_tenants.begin(), memory.deleted_tenants.end(),
                     [&](const DeletedTenantNote& note) { return note.id == tenant_id; });
}

void note(const World& world, const std::vector<db::Value>& tenant) {
  DeletedTenantNote note;
  note.id = id_of(tenant);
  note.slug = std::get<std::string>(tenant[tenant_columns().slug]);
  if (const auto* name = std::get_if<std::string>(&tenant[tenant_columns().schema_name])) {
    note.schema = std::string(db::truncated_identifier(*name));
  }
  note.ready_when_deleted = std::get<std::string>(tenant[tenant_columns().status]) == tenant_status::kReady;
  note.schema_seen_absent = note.schema.empty() || !schema_exists(world.db.committed_schemas(), note.schema);
  note.last_membership_id = last_membership_id(world, note.id);
  note.last_product_id = note.schema_seen_absent ? 0 : last_product_id(world, note.schema);
  world.ledger.memory().deleted_tenants.push_back(std::move(note));
}

// Notes every tenant whose deletion this step shows for the first time.
void note_new_deletions(const World& world) {
  PropertyMemory& memory = world.ledger.memory();
  const auto& outcomes = world.ledger.outcomes();
  for (; memory.outcomes_seen < outcomes.size(); ++memory.outcomes_seen) {
    const CallOutcome& call = outcomes[memory.outcomes_seen];
    if (call.operation != "delete_tenant" || call.status != CallStatus::kSuccess) continue;
    world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& tenant) {
      if (std::get<std::string>(tenant[tenant_columns().slug]) == call.key && !noted(memory, id_of(tenant))) {
        note(world, tenant);
      }
    });
  }
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& tenant) {
    if (soft_deleted(tenant) && !noted(memory, id_of(tenant))) note(world, tenant);
  });
}

std::optional<Violation> judge_tenant_row(const DeletedTenantNote& note, const std::vector<db::Value>& tenant) {
  if (!soft_deleted(tenant) || active(tenant)) {
    return deleted_stays_deleted_violation(fmt::format("tenant '{}' was deleted, but is active again (is_active {}, deleted_at {})",
                                 note.slug, active(tenant) ? "true" : "false",
                                 db::sql_literal(tenant[tenant_columns().deleted_at])));
  }
  if (!note.ready_when_deleted && std::get<std::string>(tenant[tenant_columns().status]) == tenant_status::kReady) {
    return deleted_stays_deleted_violation(fmt::format("tenant '{}' was deleted while not ready, and was then made ready", note.slug));
  }
  return std::nullopt;
}

std::optional<Violation> judge(const World& world, DeletedTenantNote& note, const std::vector<std::string>& schemas) {
  std::optional<Violation> found;
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& tenant) {
    if (!found && id_of(tenant) == note.id) found = judge_tenant_row(note, tenant);
  });
  if (found) return found;
  if (!note.schema.empty()) {
    if (!schema_exists(schemas, note.schema)) {
      note.schema_seen_absent = true;
    } else if (note.schema_seen_absent) {
      return deleted_stays_deleted_violation(
          fmt::format("schema {} of tenant '{}' was created after the tenant's deletion", note.schema, note.slug));
    } else if (last_product_id(world, note.schema) > note.last_product_id) {
      return deleted_stays_deleted_violation(fmt::format("a product was added to deleted tenant '{}' (schema {})", note.slug, note.schema));
    }
  }
  if (last_membership_id(world, note.id) > note.last_membership_id) {
    return deleted_stays_deleted_violation(fmt::format("a membership was added to deleted tenant '{}'", note.slug));
  }
  return std::nullopt;
}

std::optional<Violation> judge_deleted_tenants(const World& world) {
  note_new_deletions(world);
  PropertyMemory& memory = world.ledger.memory();
  if (memory.deleted_tenants.empty()) return std::nullopt;
  // One copy of the catalog's names per step, and only once a deletion is seen.
  const std::vector<std::string> schemas = world.db.committed_schemas();
  for (DeletedTenantNote& note : memory.deleted_tenants) {
    if (auto broken = judge(world, note, schemas)) return broken;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Violation> DeletedStaysDeleted::check_step(const World& world) const { return judge_deleted_tenants(world); }

std::optional<Violation> DeletedStaysDeleted::check_quiescent(const World& world) const { return judge_deleted_tenants(world); }

}  // namespace interleave::model
