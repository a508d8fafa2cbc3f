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

// Starts the workflow under provisioning_workflow_id(slug).
void start_provisioning(Backend& backend, const std::string& slug, std::int64_t tenant_id, std::int64_t user_id);

}  // namespace interleave::impl
