#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <memory>

#include "impl/tenant/tenant_service.h"

namespace interleave::impl {

std::unique_ptr<TenantService> make_seed_tenant_service(Backend backend);
std::unique_ptr<TenantService> make_fixed_tenant_service(Backend backend);

}  // namespace interleave::impl
