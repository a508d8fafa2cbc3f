#pragma once
// TenantService::create_tenant (report 000, src/app/services/tenant_service.py)
// in each variant of DESIGN.md §5:
//   seed  — check the slug, then start the provisioning workflow whose
//           activity inserts the tenant (the TOCTOU as reported);
//   fixed — Option 1: insert the tenant first under tenants_slug_key, turn a
//           duplicate into "already exists", then start the workflow with the
//           tenant id;
//   alt   — Option 2 as written: pg_advisory_xact_lock on a hash of the slug
//           around the check and the start; the workflow still inserts the
//           tenant, after the lock is released (a finding: it still fails
//           unique-slugs);
//   hardened — alt, holding the lock until the workflow has finished.

#include <memory>
#include <variant>
#include <string>
#include <string_view>
#include <vector>

#include "impl/backend.h"

namespace interleave::impl {

// The service's ValueError("Tenant with slug '...' already exists"): a clean
// conflict the API answers with 409. Returned where the report raises it:
// the search makes a refusal in about every other schedule, and a throw
// costs as much as the rest of the call.
struct TenantAlreadyExists {
  std::string slug;
  std::string message() const;
};

// What create_tenant answers: the provisioning workflow's id, or the refusal.
using CreateTenantAnswer = std::variant<std::string, TenantAlreadyExists>;

class TenantService {
 public:
  virtual ~TenantService() = default;
  virtual CreateTenantAnswer create_tenant(const std::string& name, const std::string& slug) = 0;
};

// nullptr for a variant the service does not have.
std::unique_ptr<TenantService> make_tenant_service(std::string_view variant, Backend backend);
std::vector<std::string_view> tenant_service_variants();

}  // namespace interleave::impl
