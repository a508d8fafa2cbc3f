#include "impl/registration/provisioning_workflow.h"

#include <fmt/format.h>

#include "impl/membership/membership_activity.h"
#include "model/app_schema.h"

namespace interleave::impl {

namespace {

using model::db::Connect;
using model::db::DbError;
using model::workflows::WorkflowContext;

std::string get_tenant_info(const Connect& connect, std::int64_t tenant_id) {
  auto session = connect();
  auto tenants = session->select("tenants", {{"id", tenant_id}});
  session->commit();
  if (tenants.empty()) throw TenantNotFound(tenant_id);
  return tenants.front().text("schema_name");
}

// CREATE SCHEMA IF NOT EXISTS, as a re-run after a lost completion needs.
void create_tenant_schema(const Connect& connect, const std::string& schema) {
  auto session = connect();
  try {
    session->create_schema(schema);
    session->create_table(schema, model::kProducts);
    session->commit();
  } catch (const DbError& error) {
    session->rollback();
    if (error.sqlstate() != model::db::sqlstate::kDuplicateSchema) throw;
  }
}

void mark_tenant_ready(const Connect& connect, std::int64_t tenant_id) {
  auto session = connect();
  session->update("tenants", {{"status", std::string(model::tenant_status::kReady)}}, {{"id", tenant_id}});
  session->commit();
}

void provisioning_workflow(WorkflowContext& context, const Connect& connect, std::int64_t tenant_id,
                           std::int64_t user_id) {
  auto schema = std::make_shared<std::string>();
  context.execute_activity("get_tenant_info", [=] { *schema = get_tenant_info(connect, tenant_id); });
  context.execute_activity("create_tenant_schema", [=] { create_tenant_schema(connect, *schema); });
  context.execute_activity("create_admin_membership", [=] {
    make_membership_activity("fixed", connect)->create_admin_membership(user_id, tenant_id);
  });
  context.execute_activity("mark_tenant_ready", [=] { mark_tenant_ready(connect, tenant_id); });
}

}  // namespace

TenantNotFound::TenantNotFound(std::int64_t tenant_id)
    : std::runtime_error(fmt::format("Tenant {} not found", tenant_id)) {}

void start_provisioning(Backend& backend, const std::string& slug, std::int64_t tenant_id, std::int64_t user_id) {
  backend.workflows.start_workflow(model::kProvisioningWorkflow, model::provisioning_workflow_id(slug),
                                   [connect = backend.connect, tenant_id, user_id](WorkflowContext& context) {
                                     provisioning_workflow(context, connect, tenant_id, user_id);
                                   });
}

}  // namespace interleave::impl
