#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "impl/registration/provisioning_workflow.h"
#include "impl/registration/registration_service.h"

namespace interleave::impl {

// session.add(user); flush; session.add(tenant); flush — both variants
// begin so. Returns (user id, tenant id), visible to this transaction only.
std::pair<std::int64_t, std::int64_t> flush_user_and_tenant(model::db::Session& session, const std::string& email,
                                                            const std::string& tenant_name, const std::string& slug);

std::unique_ptr<RegistrationService> make_seed_registration_service(Backend backend);
std::unique_ptr<RegistrationService> make_fixed_registration_service(
    Backend backend, WhenDeleted when_deleted = WhenDeleted::kProvisionAnyway);
std::unique_ptr<RegistrationService> make_hardened_registration_service(Backend backend);

}  // namespace interleave::impl
