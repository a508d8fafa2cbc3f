// Report 002 as reported: the workflow drops the schema before it
// soft-deletes the tenant, and the validation never looks at deleted_at.
// Between the drop and the soft-delete a request passes validation (the
// tenant is still active and ready) and its handler finds no schema: 500.

#include "impl/deletion/deletion_activities.h"
#include "impl/deletion/tenant_validation.h"
#include "impl/deletion/variants.h"
#include "model/workflows/workflow_engine.h"

namespace interleave::impl {

namespace {

using model::db::Connect;
using model::workflows::WorkflowContext;

class SeedTenantDeletion final : public TenantDeletion {
 public:
  SeedTenantDeletion(Connect connect, Clock now) : connect_(std::move(connect)), now_(std::move(now)) {}

  void run(WorkflowContext& workflow, std::int64_t tenant_id) const override {
    const Connect& connect = connect_;
    const Clock& now = now_;
    // 1. get_tenant_info - get schema name
    auto tenant_info = std::make_shared<TenantInfo>();
    workflow.execute_activity(
        "get_tenant_info", [connect, tenant_id, tenant_info] { *tenant_info = get_tenant_info(connect, tenant_id); },
        deletion_activity_options());
    // 2. drop_tenant_schema - DROP SCHEMA CASCADE
    workflow.execute_activity(
        "drop_tenant_schema", [connect, tenant_info] { drop_tenant_schema(connect, tenant_info->schema_name); },
        deletion_activity_options());
    // 3. soft_delete_tenant - set is_active=False, deleted_at=now()
    workflow.execute_activity(
        "soft_delete_tenant", [connect, now, tenant_id] { soft_delete_tenant(connect, now, tenant_id); },
        deletion_activity_options());
  }

  model::db::Row get_validated_tenant(model::db::Session& db, const std::string& tenant_slug) const override {
    // NO check for deleted_at.
    return validated_tenant(db.select("tenants", {{"slug", tenant_slug}}), DeletedAtCheck::kNone);
  }

 private:
  Connect connect_;
  Clock now_;
};

}  // namespace

std::shared_ptr<const TenantDeletion> make_seed_tenant_deletion(Connect connect, Clock now) {
  return std::make_shared<SeedTenantDeletion>(std::move(connect), std::move(now));
}

}  // namespace interleave::impl
