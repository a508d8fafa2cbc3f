#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "impl/tenant/tenant_service.h"

namespace interleave::impl {

// Starts TenantProvisioningWorkflow.run(name, slug) as report 000's code has
// it: its first activity inserts the tenant, after start returns. Returns
// the workflow id. Shared by seed, alt and hardened.
std::string start_provisioning_by_slug(Backend& backend, const std::string& name, const std::string& slug);

// The bigint key Option 2 locks with pg_advisory_xact_lock for `slug`: a
// deterministic hash (FNV-1a), equal for equal slugs in every process.
std::int64_t slug_lock_key(std::string_view slug);

std::unique_ptr<TenantService> make_seed_tenant_service(Backend backend);
std::unique_ptr<TenantService> make_fixed_tenant_service(Backend backend);
std::unique_ptr<TenantService> make_alt_tenant_service(Backend backend);
std::unique_ptr<TenantService> make_hardened_tenant_service(Backend backend);

}  // namespace interleave::impl
