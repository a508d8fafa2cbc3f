// Report 000, Option 2: a database advisory lock around the check-and-start,
// as written (`alt`) and hardened.
//
// alt: the requests for one slug take pg_advisory_xact_lock on its key, so
// their checks and starts no longer interleave. The workflow is unchanged
// (the option's "works without workflow changes"): its activity inserts the
// tenant after start returns, and the commit that ends this transaction
// releases the lock before that insert may have happened. The next request
// for the slug then takes the lock, finds nothing, and its start meets the
// first workflow's id (WorkflowAlreadyStartedError, an unhandled error) or,
// once that workflow has ended, starts a second one that fails on
// tenants_slug_key.
//
// hardened: the same lock, held until the workflow that inserts the tenant
// has finished. Waiting for the result under the lock is the one statement
// that closes the window: the next check then sees the committed tenant. It
// keeps Option 2's point (no workflow changes); the price is a request that
// lasts as long as provisioning.

#include "impl/tenant/variants.h"

namespace interleave::impl {

namespace {

class AdvisoryLockTenantService final : public TenantService {
 public:
  AdvisoryLockTenantService(Backend backend, bool hold_lock_until_provisioned)
      : backend_(std::move(backend)), hold_lock_until_provisioned_(hold_lock_until_provisioned) {}

  CreateTenantAnswer create_tenant(const std::string& name, const std::string& slug) override {
    auto session = backend_.connect();
    session->advisory_xact_lock(slug_lock_key(slug));
    if (!session->select("tenants", {{"slug", slug}}).empty()) {
      session->rollback();  // releases the lock
      return TenantAlreadyExists{slug};
    }
    std::string workflow_id = start_provisioning_by_slug(backend_, name, slug);
    if (hold_lock_until_provisioned_) backend_.workflows.wait_for_result(workflow_id);  // the tenant is committed
    session->commit();  // releases the lock
    return workflow_id;
  }

 private:
  Backend backend_;
  bool hold_lock_until_provisioned_;
};

}  // namespace

std::unique_ptr<TenantService> make_alt_tenant_service(Backend backend) {
  return std::make_unique<AdvisoryLockTenantService>(std::move(backend), /*hold_lock_until_provisioned=*/false);
}

std::unique_ptr<TenantService> make_hardened_tenant_service(Backend backend) {
  return std::make_unique<AdvisoryLockTenantService>(std::move(backend), /*hold_lock_until_provisioned=*/true);
}

}  // namespace interleave::impl
