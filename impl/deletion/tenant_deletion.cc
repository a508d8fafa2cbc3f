#include "impl/deletion/tenant_deletion.h"

#include "impl/deletion/variants.h"
#include "model/http/http_exception.h"

namespace interleave::impl {

std::string deletion_workflow_id(std::int64_t tenant_id) { return "tenant-delete-" + std::to_string(tenant_id); }

std::shared_ptr<const TenantDeletion> make_tenant_deletion(std::string_view variant, model::db::Connect connect,
                                                           Clock now) {
  if (variant == "seed") return make_seed_tenant_deletion(std::move(connect), std::move(now));
  if (variant == "fixed") return make_fixed_tenant_deletion(std::move(connect), std::move(now));
  if (variant == "hardened") return make_hardened_tenant_deletion(std::move(connect), std::move(now));
  return nullptr;
}

std::vector<std::string_view> tenant_deletion_variants() { return {"seed", "fixed", "hardened"}; }

std::string delete_tenant(Backend& backend, std::shared_ptr<const TenantDeletion> deletion,
                          const std::string& tenant_slug) {
  auto session = backend.connect();
  auto tenants = session->select("tenants", {{"slug", tenant_slug}});
  session->commit();
  if (tenants.empty()) throw model::http::HttpException(model::http::status::kNotFound, "Tenant not found");
  const std::int64_t tenant_id = tenants.front().id();
  const std::string workflow_id = deletion_workflow_id(tenant_id);
  auto run = [deletion = std::move(deletion), tenant_id](model::workflows::WorkflowContext& workflow) {
    deletion->run(workflow, tenant_id);
  };
  backend.workflows.start_workflow(kTenantDeletionWorkflow, workflow_id, std::move(run));
  backend.workflows.wait_for_result(workflow_id);
  return workflow_id;
}

}  // namespace interleave::impl
