#pragma once
// TenantProvisioningWorkflow.run(tenant_id, user_id) (src/app/temporal/
// workflows.py) and its activities: get_tenant_info, create_tenant_schema,
// create_admin_membership (the fixed activity of report 003),
// mark_tenant_ready.

#include <cstdint>
#include <stdexcept>

#include "impl/backend.h"

namespace interleave::impl {

// The activity's ValueError("Tenant {tenant_id} not found"): what a ghost
// workflow meets (property no-ghost-workflows).
class TenantNotFound : public std::runtime_error {
 public:
  explicit TenantNotFound(std::int64_t tenant_id);
};

// What the workflow's writing activities do about a tenant deleted while it
// runs. kProvisionAnyway is the workflow as written: it never looks.
// kStopIfDeleted (the hardened variant): each of create_tenant_schema,
// create_admin_membership and mark_tenant_ready first locks the tenant row in
// its own transaction and writes only while deleted_at is NULL; otherwise the
// workflow ends without writing. The soft-delete's UPDATE conflicts with that
// lock, so it commits either before the check (which then sees it) or after
// the write (which then happened before the deletion).
enum class WhenDeleted : std::uint8_t { kProvisionAnyway, kStopIfDeleted };

// Starts the workflow under provisioning_workflow_id(slug).
void start_provisioning(Backend& backend, const std::string& slug, std::int64_t tenant_id, std::int64_t user_id,
                        WhenDeleted when_deleted = WhenDeleted::kProvisionAnyway);

}  // namespace interleave::impl
