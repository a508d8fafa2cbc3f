#pragma once
// RegistrationService.register (report 001,
// src/app/services/registration_service.py) in each variant:
//   seed  — flush the user and the tenant, start the provisioning workflow
//           with their uncommitted ids, then commit (the ghost workflow);
//   fixed — Option 1: commit first, then start the workflow; a failed start
//           is logged and the tenant stays `provisioning` until the sweeper
//           (sweep_stuck_tenants) starts its workflow again;
//   hardened — fixed, minus two bugs the harness found in it (hardened.cc):
//           a slug whose schema name PostgreSQL would cut is refused, and
//           neither the sweeper nor the workflow brings back a deleted tenant.
// Both start the same TenantProvisioningWorkflow (provisioning_workflow.h).

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "impl/backend.h"

namespace interleave::impl {

// ValueError("Tenant or User already exists"): the API answers 409.
class RegistrationConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ValueError("Slug too long"): the schema name tenant_<slug> would pass
// PostgreSQL's 63 bytes and be cut, so two such slugs would share a schema.
// A clean refusal, as the conflict is.
class SlugTooLong : public RegistrationConflict {
 public:
  explicit SlugTooLong(std::string_view slug);
};

struct Registration {
  std::int64_t user_id;
  std::int64_t tenant_id;
  std::string workflow_id;
};

class RegistrationService {
 public:
  virtual ~RegistrationService() = default;
  virtual Registration register_user(const std::string& email, const std::string& tenant_name,
                                     const std::string& slug) = 0;
};

// nullptr for a variant the service does not have.
std::unique_ptr<RegistrationService> make_registration_service(std::string_view variant, Backend backend);
std::vector<std::string_view> registration_service_variants();

// The background sweeper of `variant`, one pass: starts the provisioning
// workflow again for every committed tenant still `provisioning` whose
// workflow is not running. fixed selects by status alone (and so brings back
// a tenant deleted while stuck); hardened skips soft-deleted tenants and
// starts a workflow that stops if the tenant is deleted meanwhile. Returns
// how many it started. Requires: `variant` is fixed or hardened.
int sweep_stuck_tenants(Backend& backend, std::string_view variant);

}  // namespace interleave::impl
