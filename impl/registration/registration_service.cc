#include "impl/registration/registration_service.h"

#include <variant>

#include "impl/registration/provisioning_workflow.h"
#include "impl/registration/variants.h"
#include "model/app_schema.h"

namespace interleave::impl {

namespace {

bool is_live(const model::db::Row& tenant) { return std::holds_alternative<std::monostate>(tenant["deleted_at"]); }

}  // namespace

SlugTooLong::SlugTooLong(std::string_view slug)
    : RegistrationConflict("Slug '" + std::string(slug) + "' is too long: its schema name would pass 63 bytes") {}

std::unique_ptr<RegistrationService> make_registration_service(std::string_view variant, Backend backend) {
  if (variant == "seed") return make_seed_registration_service(std::move(backend));
  if (variant == "fixed") return make_fixed_registration_service(std::move(backend));
  if (variant == "hardened") return make_hardened_registration_service(std::move(backend));
  return nullptr;
}

std::pair<std::int64_t, std::int64_t> flush_user_and_tenant(model::db::Session& session, const std::string& email,
                                                            const std::string& tenant_name, const std::string& slug) {
  session.add("users", {{"email", email}, {"name", email}});
  const std::int64_t user_id = session.flush().front();
  session.add("tenants", {{"name", tenant_name},
                          {"slug", slug},
                          {"status", std::string(model::tenant_status::kProvisioning)},
                          {"is_active", std::int64_t{1}},
                          {"schema_name", model::tenant_schema_name(slug)},
                          {"owner_id", user_id}});
  const std::int64_t tenant_id = session.flush().front();
  return {user_id, tenant_id};
}

std::vector<std::string_view> registration_service_variants() { return {"seed", "fixed", "hardened"}; }

int sweep_stuck_tenants(Backend& backend, std::string_view variant) {
  const bool hardened = variant == "hardened";
  auto session = backend.connect();
  // SELECT * FROM tenants WHERE status = 'provisioning'
  //   [hardened: AND deleted_at IS NULL]
  auto stuck = session->select("tenants", {{"status", std::string(model::tenant_status::kProvisioning)}});
  session->commit();
  if (hardened) std::erase_if(stuck, [](const model::db::Row& tenant) { return !is_live(tenant); });
  int started = 0;
  for (const model::db::Row& tenant : stuck) {
    try {
      start_provisioning(backend, tenant.text("slug"), tenant.id(), std::get<std::int64_t>(tenant["owner_id"]),
                         hardened ? WhenDeleted::kStopIfDeleted : WhenDeleted::kProvisionAnyway);
      ++started;
    } catch (const model::workflows::WorkflowAlreadyStarted&) {
      // Its workflow is running: not stuck.
    } catch (const std::exception& error) {
      backend.log("sweeper: " + std::string(error.what()));
    }
  }
  return started;
}

}  // namespace interleave::impl
