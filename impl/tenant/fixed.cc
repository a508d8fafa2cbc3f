// Report 000, Option 1 (recommended): create the tenant record first under
// the unique constraint on slug; the workflow receives the tenant id.

#include "impl/tenant/variants.h"
#include "model/app_schema.h"
#include "model/db/error.h"
#include "model/workflows/workflow_engine.h"

namespace interleave::impl {

namespace {

using model::db::Connect;
using model::workflows::WorkflowContext;

// TenantProvisioningWorkflow.run(tenant_id)
void provisioning_workflow(WorkflowContext& context, const Connect& connect, std::int64_t tenant_id) {
  context.execute_activity("mark_tenant_ready", [connect, tenant_id] {
    auto session = connect();
    session->update("tenants", {{"status", std::string(model::tenant_status::kReady)}}, {{"id", tenant_id}});
    session->commit();
  });
}

class FixedTenantService final : public TenantService {
 public:
  explicit FixedTenantService(Backend backend) : backend_(std::move(backend)) {}

  CreateTenantAnswer create_tenant(const std::string& name, const std::string& slug) override {
    auto session = backend_.connect();
    // try: add(tenant); commit()  except IntegrityError: rollback(); raise
    // ValueError — the IntegrityError comes back as try_insert's answer.
    const model::db::InsertResult inserted =
        session->try_insert("tenants", {{"name", name},
                                        {"slug", slug},
                                        {"status", std::string(model::tenant_status::kProvisioning)}});
    if (std::holds_alternative<model::db::DbError>(inserted)) {
      session->rollback();
      return TenantAlreadyExists{slug};
    }
    const std::int64_t tenant_id = std::get<std::int64_t>(inserted);
    session->commit();
    std::string workflow_id = model::provisioning_workflow_id(slug);
    backend_.workflows.start_workflow(model::kProvisioningWorkflow, workflow_id,
                                      [connect = backend_.connect, tenant_id](WorkflowContext& context) {
                                        provisioning_workflow(context, connect, tenant_id);
                                      });
    return workflow_id;
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<TenantService> make_fixed_tenant_service(Backend backend) {
  return std::make_unique<FixedTenantService>(std::move(backend));
}

}  // namespace interleave::impl
