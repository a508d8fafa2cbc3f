#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <cstdint>
#include <memory>

#include "impl/membership/membership_activity.h"

namespace interleave::impl {

// What both variants do before their error handling differs: look for the
// membership, and if there is none, add it and commit. A DbError from the
// commit propagates with the transaction aborted.
void add_admin_membership_unless_present(model::db::Session& session, std::int64_t user_id, std::int64_t tenant_id);

std::unique_ptr<MembershipActivity> make_seed_membership_activity(model::db::Connect connect);
std::unique_ptr<MembershipActivity> make_fixed_membership_activity(model::db::Connect connect);

}  // namespace interleave::impl
