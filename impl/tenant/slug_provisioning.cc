// What the variants whose workflow inserts the tenant share (seed, alt,
// hardened): the workflow as report 000's code has it, and the key of the
// advisory lock Option 2 takes on a slug.

#include "impl/tenant/variants.h"
#include "model/app_schema.h"
#include "model/workflows/workflow_engine.h"

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

}  // namespace

std::string start_provisioning_by_slug(Backend& backend, const std::string& name, const std::string& slug) {
  std::string workflow_id = model::provisioning_workflow_id(slug);
  backend.workflows.start_workflow(model::kProvisioningWorkflow, workflow_id,
                                   [connect = backend.connect, name, slug](WorkflowContext& context) {
                                     provisioning_workflow(context, connect, name, slug);
                                   });
  return workflow_id;
}

std::int64_t slug_lock_key(std::string_view slug) {
  // FNV-1a, 64 bits: the same key in every process and on every machine,
  // which std::hash does not promise.
  std::uint64_t hash = 0xcbf29ce484222325u;
  for (unsigned char byte : slug) {
    hash ^= byte;
    hash *= 0x100000001b3u;
  }
  return static_cast<std::int64_t>(hash);  // pg_advisory_xact_lock takes a bigint
}

}  // namespace interleave::impl
