#include "impl/membership/membership_activity.h"

#include "impl/membership/variants.h"

namespace interleave::impl {

std::unique_ptr<MembershipActivity> make_membership_activity(std::string_view variant, model::db::Connect connect) {
  if (variant == "seed") return make_seed_membership_activity(std::move(connect));
  if (variant == "fixed") return make_fixed_membership_activity(std::move(connect));
  return nullptr;
}

void add_admin_membership_unless_present(model::db::Session& session, std::int64_t user_id, std::int64_t tenant_id) {
  if (!session.select("memberships", {{"user_id", user_id}, {"tenant_id", tenant_id}}).empty()) return;
  session.add("memberships", {{"user_id", user_id}, {"tenant_id", tenant_id}, {"role", std::string(kAdminRole)}});
  session.commit();
}

std::vector<std::string_view> membership_activity_variants() { return {"seed", "fixed"}; }

}  // namespace interleave::impl
