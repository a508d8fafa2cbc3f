#pragma once
// Report 002: TenantDeletionWorkflow (src/app/temporal/workflows.py) and the
// tenant validation every tenant route depends on, get_validated_tenant
// (src/app/api/dependencies/tenant.py), in each variant. A variant names
// both, as the report's fix changes both files:
//   seed     — get_tenant_info, drop_tenant_schema, soft_delete_tenant;
//              validation answers 404/403/503 and never looks at deleted_at
//              (as reported);
//   fixed    — Option 1 as written: soft_delete_tenant first, then
//              get_tenant_info and drop_tenant_schema; validation answers 410
//              for a deleted tenant;
//   hardened — fixed, and the validation reads the tenant FOR SHARE in the
//              request's transaction (see hardened.cc for why).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "impl/backend.h"
#include "model/db/table.h"

namespace interleave::impl {

// datetime.now(timezone.utc), as virtual milliseconds of the model's clock.
using Clock = std::function<std::int64_t()>;

inline constexpr std::string_view kTenantDeletionWorkflow = "TenantDeletionWorkflow";
// The deletion workflow's id for a tenant: one open deletion per tenant.
std::string deletion_workflow_id(std::int64_t tenant_id);

class TenantDeletion {
 public:
  virtual ~TenantDeletion() = default;
  // TenantDeletionWorkflow.run(tenant_id)
  virtual void run(model::workflows::WorkflowContext& workflow, std::int64_t tenant_id) const = 0;
  // get_validated_tenant(tenant_slug, db): the tenant row, or an
  // HttpException (404 missing, 403 inactive, 503 not ready, 410 deleted
  // where the variant checks it).
  virtual model::db::Row get_validated_tenant(model::db::Session& db, const std::string& tenant_slug) const = 0;
};

// nullptr for a variant the service does not have. `connect` opens the
// activities' sessions; `now` stamps deleted_at.
std::shared_ptr<const TenantDeletion> make_tenant_deletion(std::string_view variant, model::db::Connect connect,
                                                           Clock now);
std::vector<std::string_view> tenant_deletion_variants();

// The API's DELETE /api/v1/tenants/{tenant_slug}: finds the tenant, starts
// TenantDeletionWorkflow with its id and awaits the result. Returns the
// workflow id. Throws HttpException 404 for an unknown slug,
// WorkflowFailureError when the workflow failed.
std::string delete_tenant(Backend& backend, std::shared_ptr<const TenantDeletion> deletion,
                          const std::string& tenant_slug);

}  // namespace interleave::impl
