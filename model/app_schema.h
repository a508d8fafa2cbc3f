#pragma once
// The backend's tables, as its migrations create them. Shared by the model
// and the PostgreSQL backend so both hold the same constraints.

#include <span>
#include <string>
#include <string_view>

#include "model/db/table.h"

namespace interleave::model {

// tenants(id, name, slug UNIQUE "tenants_slug_key", status)
extern const db::TableDef kTenants;

// Every table, in creation order.
std::span<const db::TableDef* const> app_tables();

// Tenant lifecycle values of tenants.status.
namespace tenant_status {
inline constexpr std::string_view kProvisioning = "provisioning";
inline constexpr std::string_view kReady = "ready";
}  // namespace tenant_status

// The provisioning workflow's id for a slug (the service's get_workflow_id):
// one id per slug, so Temporal itself refuses a second open run.
std::string provisioning_workflow_id(std::string_view slug);
inline constexpr std::string_view kProvisioningWorkflow = "TenantProvisioningWorkflow";

}  // namespace interleave::model
