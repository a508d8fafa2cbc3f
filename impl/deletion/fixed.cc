// Report 002, Option 1 (recommended), as the report writes it: soft-delete
// first, "this stops new API requests immediately with graceful 403", then
// get the schema name and drop the schema; and, as defense in depth, the
// validation answers 410 Gone for a tenant with deleted_at set.
//
// Validation and handler are still separate statements: a request that
// passed validation before the soft-delete committed runs its handler after
// the drop, and gets 500 (scenarios/deletion-window.scn, `expect fixed fails`).

#include "impl/deletion/deletion_activities.h"
#include "impl/deletion/tenant_validation.h"
#include "impl/deletion/variants.h"
#include "model/workflows/workflow_engine.h"

namespace interleave::impl {

namespace {

using model::db::Connect;
using model::workflows::WorkflowContext;

class FixedTenantDeletion final : public TenantDeletion {
 public:
  FixedTenantDeletion(Connect connect, Clock now) : connect_(std::move(connect)), now_(std::move(now)) {}

  void run(WorkflowContext& workflow, std::int64_t tenant_id) const override {
    run_soft_delete_first(workflow, connect_, now_, tenant_id);
  }

  model::db::Row get_validated_tenant(model::db::Session& db, const std::string& tenant_slug) const override {
    return validated_tenant(db.select("tenants", {{"slug", tenant_slug}}), DeletedAtCheck::kGone);
  }

 private:
  Connect connect_;
  Clock now_;
};

}  // namespace

void run_soft_delete_first(WorkflowContext& workflow, const Connect& connect, const Clock& now,
                           std::int64_t tenant_id) {
  // Step 1: Soft-delete tenant record FIRST
  // This stops new API requests immediately with graceful 403
  workflow.execute_activity(
      "soft_delete_tenant", [connect, now, tenant_id] { soft_delete_tenant(connect, now, tenant_id); },
      deletion_activity_options());
  // Step 2: Get tenant info (need schema name)
  auto tenant_info = std::make_shared<TenantInfo>();
  workflow.execute_activity(
      "get_tenant_info", [connect, tenant_id, tenant_info] { *tenant_info = get_tenant_info(connect, tenant_id); },
      deletion_activity_options());
  // Step 3: Drop tenant schema (now safe - no requests can reach it)
  workflow.execute_activity(
      "drop_tenant_schema", [connect, tenant_info] { drop_tenant_schema(connect, tenant_info->schema_name); },
      deletion_activity_options());
}

std::shared_ptr<const TenantDeletion> make_fixed_tenant_deletion(Connect connect, Clock now) {
  return std::make_shared<FixedTenantDeletion>(std::move(connect), std::move(now));
}

}  // namespace interleave::impl
