// Report 000 as reported: the existence check and the workflow start are not
// atomic, and the workflow's first activity inserts the tenant.

#include "impl/tenant/variants.h"
#include "model/app_schema.h"

namespace interleave::impl {

namespace {

using model::db::Connect;
using model::workflows::WorkflowContext;

// TenantProvisioningWorkflow.run(name, slug)
void provisioning_workflow(WorkflowContext& context, const Connect& connect, const std::string& name,
                           const std::string& slug) {
  context.execute_activity("create_tenant_record", [connect, name, slug] {
    auto session = connect();
    session->insert("tenants", {{"name", name},
                                {"slug", slug},
                                {"status", std::string(model::tenant_status::kProvisioning)}});
    session->commit();
  });
  context.execute_activity("mark_tenant_ready", [connect, slug] {
    auto session = connect();
    session->update("tenants", {{"status", std::string(model::tenant_status::kReady)}}, {{"slug", slug}});
    session->commit();
  });
}

class SeedTenantService final : public TenantService {
 public:
  explicit SeedTenantService(Backend backend) : backend_(std::move(backend)) {}

  std::string create_tenant(const std::string& name, const std::string& slug) override {
    auto session = backend_.connect();
    // Time of check ...
    if (!session->select("tenants", {{"slug", slug}}).empty()) throw TenantAlreadyExists(slug);
    // ... time of use: another request may pass the same check meanwhile.
    std::string workflow_id = model::provisioning_workflow_id(slug);
    backend_.workflows.start_workflow(model::kProvisioningWorkflow, workflow_id,
                                      [connect = backend_.connect, name, slug](WorkflowContext& context) {
                                        provisioning_workflow(context, connect, name, slug);
                                      });
    return workflow_id;
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<TenantService> make_seed_tenant_service(Backend backend) {
  return std::make_unique<SeedTenantService>(std::move(backend));
}

}  // namespace interleave::impl
