#include "impl/deletion/deletion_activities.h"

#include "impl/registration/provisioning_workflow.h"

namespace interleave::impl {

model::workflows::ActivityOptions deletion_activity_options() {
  return {.start_to_close_timeout_ms = 10'000, .retry_policy = {.maximum_attempts = 3}};
}

TenantInfo get_tenant_info(const model::db::Connect& connect, std::int64_t tenant_id) {
  auto session = connect();
  auto tenants = session->select("tenants", {{"id", tenant_id}});
  session->commit();
  if (tenants.empty()) throw TenantNotFound(tenant_id);
  return {tenants.front().text("schema_name")};
}

void drop_tenant_schema(const model::db::Connect& connect, const std::string& schema_name) {
  auto session = connect();
  session->drop_schema(schema_name, /*cascade=*/true, /*if_exists=*/true);
  session->commit();
}

void soft_delete_tenant(const model::db::Connect& connect, const Clock& now, std::int64_t tenant_id) {
  auto session = connect();
  session->update("tenants", {{"is_active", std::int64_t{0}}, {"deleted_at", now()}}, {{"id", tenant_id}});
  session->commit();
}

}  // namespace interleave::impl
