// Report 003, Option 1: tell a unique violation (the membership exists: an
// idempotent success) from a foreign-key violation (user or tenant missing:
// a real error) by SQLSTATE.

#include <fmt/format.h>

#include "impl/membership/variants.h"

namespace interleave::impl {

namespace {

class FixedMembershipActivity final : public MembershipActivity {
 public:
  explicit FixedMembershipActivity(model::db::Connect connect) : connect_(std::move(connect)) {}

  bool create_admin_membership(std::int64_t user_id, std::int64_t tenant_id) override {
    auto session = connect_();
    try {
      add_admin_membership_unless_present(*session, user_id, tenant_id);
    } catch (const model::db::DbError& error) {
      if (!error.is_integrity_error()) throw;
      session->rollback();
      // PostgreSQL unique violation = membership already exists.
      if (error.is_unique_violation()) return true;
      throw MembershipCreationFailed(fmt::format("Failed to create membership: {}", error.what()));
    }
    return true;
  }

 private:
  model::db::Connect connect_;
};

}  // namespace

std::unique_ptr<MembershipActivity> make_fixed_membership_activity(model::db::Connect connect) {
  return std::make_unique<FixedMembershipActivity>(std::move(connect));
}

}  // namespace interleave::impl
