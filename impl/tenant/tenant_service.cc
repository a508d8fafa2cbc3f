#include "impl/tenant/tenant_service.h"

#include "impl/tenant/variants.h"

namespace interleave::impl {

// Without fmt: a search builds it in about every other schedule.
std::string TenantAlreadyExists::message() const { return "Tenant with slug '" + slug + "' already exists"; }

std::unique_ptr<TenantService> make_tenant_service(std::string_view variant, Backend backend) {
  if (variant == "seed") return make_seed_tenant_service(std::move(backend));
  if (variant == "fixed") return make_fixed_tenant_service(std::move(backend));
  if (variant == "alt") return make_alt_tenant_service(std::move(backend));
  if (variant == "hardened") return make_hardened_tenant_service(std::move(backend));
  return nullptr;
}

std::vector<std::string_view> tenant_service_variants() { return {"seed", "fixed", "alt", "hardened"}; }

}  // namespace interleave::impl
