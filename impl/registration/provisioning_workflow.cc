#include "impl/registration/provisioning_workflow.h"

#include <fmt/format.h>

#include <variant>

#include "impl/membership/membership_activity.h"
#include "model/app_schema.h"
#include "model/workflows/workflow_engine.h"

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

// SELECT * FROM tenants WHERE id = :id FOR SHARE (FOR NO KEY UPDATE before
// an UPDATE of the row, which a share lock would have to upgrade: PostgreSQL
// can deadlock there against the waiting soft-delete). False when the tenant
// is gone or soft-deleted.
bool lock_live_tenant(model::db::Session& session, std::int64_t tenant_id, model::db::RowLock lock) {
  auto tenants = session.select("tenants", {{"id", tenant_id}}, lock);
  return !tenants.empty() && std::holds_alternative<std::monostate>(tenants.front()["deleted_at"]);
}

bool create_live_tenant_schema(const Connect& connect, std::int64_t tenant_id, const std::string& schema) {
  auto session = connect();
  try {
    if (!lock_live_tenant(*session, tenant_id, model::db::RowLock::kForShare)) {
      session->rollback();
      return false;
    }
    session->create_schema(schema);
    session->create_table(schema, model::kProducts);
    session->commit();
  } catch (const DbError& error) {
    session->rollback();
    if (error.sqlstate() != model::db::sqlstate::kDuplicateSchema) throw;
  }
  return true;
}

// The fixed activity of report 003 (a unique violation is success), with
// the tenant locked live in the same transaction as the insert.
bool create_live_admin_membership(const Connect& connect, std::int64_t tenant_id, std::int64_t user_id) {
  auto session = connect();
  try {
    if (!lock_live_tenant(*session, tenant_id, model::db::RowLock::kForShare)) {
      session->rollback();
      return false;
    }
    if (session->select("memberships", {{"user_id", user_id}, {"tenant_id", tenant_id}}).empty()) {
      session->insert("memberships",
                      {{"user_id", user_id}, {"tenant_id", tenant_id}, {"role", std::string(kAdminRole)}});
    }
    session->commit();
  } catch (const DbError& error) {
    session->rollback();
    if (!error.is_unique_violation()) {
      throw MembershipCreationFailed(fmt::format("Failed to create membership: {}", error.what()));
    }
  }
  return true;
}

bool mark_live_tenant_ready(const Connect& connect, std::int64_t tenant_id) {
  auto session = connect();
  if (!lock_live_tenant(*session, tenant_id, model::db::RowLock::kForNoKeyUpdate)) {
    session->rollback();
    return false;
  }
  session->update("tenants", {{"status", std::string(model::tenant_status::kReady)}}, {{"id", tenant_id}});
  session->commit();
  return true;
}

// The same activities, each writing only while the tenant is live; the
// workflow ends at the first that finds it deleted.
void provisioning_workflow_stopping_if_deleted(WorkflowContext& context, const Connect& connect,
                                               std::int64_t tenant_id, std::int64_t user_id) {
  auto schema = std::make_shared<std::string>();
  auto live = std::make_shared<bool>(true);
  context.execute_activity("get_tenant_info", [=] { *schema = get_tenant_info(connect, tenant_id); });
  context.execute_activity("create_tenant_schema",
                           [=] { *live = create_live_tenant_schema(connect, tenant_id, *schema); });
  if (!*live) return;
  context.execute_activity("create_admin_membership",
                           [=] { *live = create_live_admin_membership(connect, tenant_id, user_id); });
  if (!*live) return;
  context.execute_activity("mark_tenant_ready", [=] { *live = mark_live_tenant_ready(connect, tenant_id); });
}

}  // namespace

TenantNotFound::TenantNotFound(std::int64_t tenant_id)
    : std::runtime_error(fmt::format("Tenant {} not found", tenant_id)) {}

void start_provisioning(Backend& backend, const std::string& slug, std::int64_t tenant_id, std::int64_t user_id,
                        WhenDeleted when_deleted) {
  backend.workflows.start_workflow(
      model::kProvisioningWorkflow, model::provisioning_workflow_id(slug),
      [connect = backend.connect, tenant_id, user_id, when_deleted](WorkflowContext& context) {
        if (when_deleted == WhenDeleted::kStopIfDeleted) {
          provisioning_workflow_stopping_if_deleted(context, connect, tenant_id, user_id);
        } else {
          provisioning_workflow(context, connect, tenant_id, user_id);
        }
      });
}

}  // namespace interleave::impl
