// Report 001, Option 1: commit first (the point of no return), then start
// the workflow. A failed start is logged, not rolled back: the tenant stays
// `provisioning` and the sweeper starts its workflow later.

#include <fmt/format.h>

#include <tuple>

#include "impl/registration/provisioning_workflow.h"
#include "impl/registration/variants.h"
#include "model/app_schema.h"

namespace interleave::impl {

namespace {

class FixedRegistrationService final : public RegistrationService {
 public:
  FixedRegistrationService(Backend backend, WhenDeleted when_deleted)
      : backend_(std::move(backend)), when_deleted_(when_deleted) {}

  Registration register_user(const std::string& email, const std::string& tenant_name,
                             const std::string& slug) override {
    auto session = backend_.connect();
    std::int64_t user_id = 0, tenant_id = 0;
    // 1. COMMIT FIRST
    try {
      std::tie(user_id, tenant_id) = flush_user_and_tenant(*session, email, tenant_name, slug);
      session->commit();
    } catch (const model::db::DbError& error) {
      session->rollback();
      if (error.is_integrity_error()) throw RegistrationConflict("Tenant or User already exists");
      throw;
    }
    // 2. Start the workflow AFTER the commit.
    try {
      start_provisioning(backend_, slug, tenant_id, user_id, when_deleted_);
    } catch (const std::exception& error) {
      // Logged; the DB is not rolled back. The sweeper retries.
      backend_.log(fmt::format("Failed to start provisioning workflow for {}: {}", tenant_id, error.what()));
    }
    return {user_id, tenant_id, model::provisioning_workflow_id(slug)};
  }

 private:
  Backend backend_;
  WhenDeleted when_deleted_;
};

}  // namespace

std::unique_ptr<RegistrationService> make_fixed_registration_service(Backend backend, WhenDeleted when_deleted) {
  return std::make_unique<FixedRegistrationService>(std::move(backend), when_deleted);
}

}  // namespace interleave::impl
