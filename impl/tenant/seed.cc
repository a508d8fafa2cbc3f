// Report 000 as reported: the existence check and the workflow start are not
// atomic, and the workflow's first activity inserts the tenant.

#include "impl/tenant/variants.h"

namespace interleave::impl {

namespace {

class SeedTenantService final : public TenantService {
 public:
  explicit SeedTenantService(Backend backend) : backend_(std::move(backend)) {}

  CreateTenantAnswer create_tenant(const std::string& name, const std::string& slug) override {
    auto session = backend_.connect();
    // Time of check ...
    if (!session->select("tenants", {{"slug", slug}}).empty()) return TenantAlreadyExists{slug};
    // ... time of use: another request may pass the same check meanwhile.
    return start_provisioning_by_slug(backend_, name, slug);
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<TenantService> make_seed_tenant_service(Backend backend) {
  return std::make_unique<SeedTenantService>(std::move(backend));
}

}  // namespace interleave::impl
