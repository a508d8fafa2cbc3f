// Report 003 as reported: check, insert, and treat every IntegrityError as
// fatal — also the unique violation a concurrent or retried run causes.

#include <fmt/format.h>

#include "impl/membership/variants.h"

namespace interleave::impl {

namespace {

class SeedMembershipActivity final : public MembershipActivity {
 public:
  explicit SeedMembershipActivity(model::db::Connect connect) : connect_(std::move(connect)) {}

  bool create_admin_membership(std::int64_t user_id, std::int64_t tenant_id) override {
    auto session = connect_();
    try {
      add_admin_membership_unless_present(*session, user_id, tenant_id);
    } catch (const model::db::DbError& error) {
      if (!error.is_integrity_error()) throw;
      session->rollback();
      throw MembershipCreationFailed(fmt::format("Failed to create membership (FK violation): {}", error.what()));
    }
    return true;
  }

 private:
  model::db::Connect connect_;
};

}  // namespace

std::unique_ptr<MembershipActivity> make_seed_membership_activity(model::db::Connect connect) {
  return std::make_unique<SeedMembershipActivity>(std::move(connect));
}

}  // namespace interleave::impl
