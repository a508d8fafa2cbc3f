// Report 001's fix, hardened against two bugs the harness found in it.
//
// 1. A tenant deleted while stuck `provisioning` came back: the sweeper
//    selects stuck tenants by status alone, and the workflow it starts
//    creates the dropped schema again, adds the admin membership and marks
//    the deleted tenant ready (deleted-stays-deleted, scenario
//    deleted-tenant-revived). The sweeper's query now also says
//    `deleted_at IS NULL`, so a tenant deleted long ago starts nothing. That
//    alone still fails at the first explored schedule (tried: the sweeper
//    selects, then the deletion commits, then the workflow writes), so each
//    writing activity re-checks the tenant under a row lock in its own
//    transaction and the workflow stops for a deleted one
//    (WhenDeleted::kStopIfDeleted): the check is what makes it correct, the
//    query saves a pointless workflow. Registration's own workflow gets the
//    same: the tenant can be deleted while it runs.
//
// 2. Two slugs sharing their first 56 bytes got one schema: tenant_<slug>
//    is cut to 63 bytes by PostgreSQL, the second CREATE SCHEMA meets 42P06,
//    which create_tenant_schema must take as "already created" for its own
//    retries (one-schema-per-tenant, scenario long-slug-collision). The
//    smallest change is to refuse such a slug with a clean ValueError before
//    anything is written, as a slug validator with a length limit does;
//    hashing long names would change tenant_schema_name everywhere that
//    derives it from the slug (routes, tooling) for slugs nobody needs.
//    Rejected: treating 42P06 as an error would break the activity's
//    idempotent re-run after a lost completion.

#include "impl/registration/variants.h"
#include "model/app_schema.h"
#include "model/db/identifier.h"

namespace interleave::impl {

namespace {

class HardenedRegistrationService final : public RegistrationService {
 public:
  explicit HardenedRegistrationService(Backend backend)
      : fixed_(make_fixed_registration_service(std::move(backend), WhenDeleted::kStopIfDeleted)) {}

  Registration register_user(const std::string& email, const std::string& tenant_name,
                             const std::string& slug) override {
    if (model::tenant_schema_name(slug).size() > model::db::kMaxIdentifierBytes) throw SlugTooLong(slug);
    return fixed_->register_user(email, tenant_name, slug);
  }

 private:
  std::unique_ptr<RegistrationService> fixed_;
};

}  // namespace

std::unique_ptr<RegistrationService> make_hardened_registration_service(Backend backend) {
  return std::make_unique<HardenedRegistrationService>(std::move(backend));
}

}  // namespace interleave::impl
