#pragma once
// The activities of TenantDeletionWorkflow (src/app/temporal/activities.py):
// each opens its own session and commits, as a Temporal activity does.

#include <cstdint>
#include <string>

#include "impl/deletion/tenant_deletion.h"
#include "model/workflows/retry_policy.h"

namespace interleave::impl {

struct TenantInfo {
  std::string schema_name;
};

// start_to_close_timeout=timedelta(seconds=10), retry_policy=RetryPolicy(maximum_attempts=3)
model::workflows::ActivityOptions deletion_activity_options();

// The tenant's schema name; TenantNotFound ("Tenant {id} not found") when
// the row is gone.
TenantInfo get_tenant_info(const model::db::Connect& connect, std::int64_t tenant_id);
// DROP SCHEMA IF EXISTS "schema" CASCADE: waits for every transaction that
// used its tables; IF EXISTS so a retried attempt succeeds.
void drop_tenant_schema(const model::db::Connect& connect, const std::string& schema_name);
// UPDATE tenants SET is_active = false, deleted_at = now() WHERE id = ...
void soft_delete_tenant(const model::db::Connect& connect, const Clock& now, std::int64_t tenant_id);

}  // namespace interleave::impl
