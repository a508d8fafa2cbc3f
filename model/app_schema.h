#pragma once
// The backend's tables, as its migrations create them. Shared by the model
// and the PostgreSQL backend so both hold the same constraints.

#include <span>
#include <string>
#include <string_view>

#include "model/db/table.h"

namespace interleave::model {

// users(id, email UNIQUE "users_email_key", name)
extern const db::TableDef kUsers;
// tenants(id, name, slug UNIQUE "tenants_slug_key", status, is_active,
// deleted_at (virtual ms, NULL while alive), schema_name, owner_id -> users)
extern const db::TableDef kTenants;
// memberships(id, user_id -> users, tenant_id -> tenants, role),
// UNIQUE (user_id, tenant_id) "memberships_user_id_tenant_id_key"
extern const db::TableDef kMemberships;
// storefront_drafts(id, tenant_id UNIQUE -> tenants, config jsonb, version):
// the draft storefront config of report 004, one document per tenant.
extern const db::TableDef kStorefrontDrafts;
// products(id, name): what a tenant's own schema holds (report 002's
// handler queries it after SET search_path).
extern const db::TableDef kProducts;

// The public schema's tables, in creation order (referenced tables first).
std::span<const db::TableDef* const> app_tables();

// Tenant lifecycle values of tenants.status.
namespace tenant_status {
inline constexpr std::string_view kProvisioning = "provisioning";
inline constexpr std::string_view kReady = "ready";
inline constexpr std::string_view kFailed = "failed";
}  // namespace tenant_status

// The provisioning workflow's id for a slug (the service's get_workflow_id):
// one id per slug, so Temporal itself refuses a second open run.
std::string provisioning_workflow_id(std::string_view slug);
inline constexpr std::string_view kProvisioningWorkflow = "TenantProvisioningWorkflow";

// The schema that holds a tenant's own tables: tenant_<slug>.
std::string tenant_schema_name(std::string_view slug);

}  // namespace interleave::model
