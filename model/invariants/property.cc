#include "model/invariants/property.h"

#include "model/invariants/deleted_stays_deleted.h"
#include "model/invariants/eventual_provisioning.h"
#include "model/invariants/idempotent_membership.h"
#include "model/invariants/no_5xx_during_deletion.h"
#include "model/invariants/no_ghost_workflows.h"
#include "model/invariants/one_schema_per_tenant.h"
#include "model/invariants/tenant_isolation.h"
#include "model/invariants/unique_section_ids.h"
#include "model/invariants/unique_slugs.h"

namespace interleave::model {

std::unique_ptr<Property> make_property(std::string_view name) {
  if (name == "unique-slugs") return std::make_unique<UniqueSlugs>();
  if (name == "no-5xx-during-deletion") return std::make_unique<No5xxDuringDeletion>();
  if (name == "tenant-isolation") return std::make_unique<TenantIsolation>();
  if (name == "unique-section-ids") return std::make_unique<UniqueSectionIds>();
  if (name == "no-ghost-workflows") return std::make_unique<NoGhostWorkflows>();
  if (name == "eventual-provisioning") return std::make_unique<EventualProvisioning>();
  if (name == "idempotent-membership") return std::make_unique<IdempotentMembership>();
  if (name == "deleted-stays-deleted") return std::make_unique<DeletedStaysDeleted>();
  if (name == "one-schema-per-tenant") return std::make_unique<OneSchemaPerTenant>();
  return nullptr;
}

std::vector<std::string_view> property_names() {
  return {"unique-slugs",          "no-5xx-during-deletion", "tenant-isolation",
          "unique-section-ids",    "no-ghost-workflows",     "eventual-provisioning",
          "idempotent-membership", "deleted-stays-deleted",  "one-schema-per-tenant"};
}

}  // namespace interleave::model
