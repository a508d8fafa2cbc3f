// Report 000, Option 2 hardened: the advisory lock of `alt`, held until the
// workflow that inserts the tenant has finished. As written, Option 2 lets
// the next request for the slug take the lock while the first one's
// workflow has not inserted the tenant yet: its check finds nothing, and
// its start meets the first workflow's id (WorkflowAlreadyStartedError, an
// unhandled error) or, once that workflow has ended, starts a second one
// that fails on tenants_slug_key. Waiting for the result under the lock is
// the one statement that closes that window: the next check then sees the
// committed tenant. It keeps Option 2's point (no workflow changes); the
// price is a request that lasts as long as provisioning.

#include "impl/tenant/variants.h"

namespace interleave::impl {

namespace {

class HardenedTenantService final : public TenantService {
 public:
  explicit HardenedTenantService(Backend backend) : backend_(std::move(backend)) {}

  std::string create_tenant(const std::string& name, const std::string& slug) override {
    auto session = backend_.connect();
    session->advisory_xact_lock(slug_lock_key(slug));
    if (!session->select("tenants", {{"slug", slug}}).empty()) {
      session->rollback();  // releases the lock
      throw TenantAlreadyExists(slug);
    }
    std::string workflow_id = start_provisioning_by_slug(backend_, name, slug);
    backend_.workflows.wait_for_result(workflow_id);  // the tenant is committed
    session->commit();  // releases the lock
    return workflow_id;
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<TenantService> make_hardened_tenant_service(Backend backend) {
  return std::make_unique<HardenedTenantService>(std::move(backend));
}

}  // namespace interleave::impl
