// Report 001 as reported: the workflow starts with ids that are only
// flushed, and the commit comes after it. Its activity may look for the
// tenant before the commit ("Tenant not found"), or the commit may fail and
// leave the workflow running for rows that never existed.

#include "impl/registration/provisioning_workflow.h"
#include "impl/registration/variants.h"
#include "model/app_schema.h"

namespace interleave::impl {

namespace {

class SeedRegistrationService final : public RegistrationService {
 public:
  explicit SeedRegistrationService(Backend backend) : backend_(std::move(backend)) {}

  Registration register_user(const std::string& email, const std::string& tenant_name,
                             const std::string& slug) override {
    auto session = backend_.connect();
    try {
      // IDs in memory, not in the DB.
      const auto [user_id, tenant_id] = flush_user_and_tenant(*session, email, tenant_name, slug);
      start_provisioning(backend_, slug, tenant_id, user_id);  // with uncommitted ids
      session->commit();                                       // too late
      return {user_id, tenant_id, model::provisioning_workflow_id(slug)};
    } catch (const model::db::DbError& error) {
      session->rollback();
      if (error.is_integrity_error()) throw RegistrationConflict("Tenant or User already exists");
      throw;
    }
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<RegistrationService> make_seed_registration_service(Backend backend) {
  return std::make_unique<SeedRegistrationService>(std::move(backend));
}

}  // namespace interleave::impl
