#pragma once
// The create_admin_membership activity (report 003,
// src/app/temporal/activities.py _sync_create_membership) in each variant:
//   seed  — every IntegrityError is fatal, a unique violation from a racing
//           or retried run included (the non-idempotent activity as reported);
//   fixed — Option 1: a unique violation means the membership exists
//           (idempotent success); a foreign-key violation still fails.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "model/db/error.h"
#include "model/db/session.h"

namespace interleave::impl {

// The activity's RuntimeError("Failed to create membership ...").
class MembershipCreationFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MembershipActivity {
 public:
  virtual ~MembershipActivity() = default;
  // Makes `user_id` the admin of `tenant_id`; true when the membership exists.
  virtual bool create_admin_membership(std::int64_t user_id, std::int64_t tenant_id) = 0;
};

// nullptr for a variant the activity does not have.
std::unique_ptr<MembershipActivity> make_membership_activity(std::string_view variant, model::db::Connect connect);
std::vector<std::string_view> membership_activity_variants();

inline constexpr std::string_view kAdminRole = "admin";

}  // namespace interleave::impl
