// Report 000, Option 2: a database advisory lock around the check-and-start.
// The requests for one slug take pg_advisory_xact_lock on its key, so their
// checks and starts no longer interleave. The workflow is unchanged (the
// option's "works without workflow changes"): its activity inserts the
// tenant after start returns, and the commit that ends this transaction
// releases the lock before that insert may have happened.

#include "impl/tenant/variants.h"

namespace interleave::impl {

namespace {

class AltTenantService final : public TenantService {
 public:
  explicit AltTenantService(Backend backend) : backend_(std::move(backend)) {}

  std::string create_tenant(const std::string& name, const std::string& slug) override {
    auto session = backend_.connect();
    session->advisory_xact_lock(slug_lock_key(slug));
    if (!session->select("tenants", {{"slug", slug}}).empty()) {
      session->rollback();  // releases the lock
      throw TenantAlreadyExists(slug);
    }
    std::string workflow_id = start_provisioning_by_slug(backend_, name, slug);
    session->commit();  // releases the lock
    return workflow_id;
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<TenantService> make_alt_tenant_service(Backend backend) {
  return std::make_unique<AltTenantService>(std::move(backend));
}

}  // namespace interleave::impl
