#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <memory>

#include "impl/membership/membership_activity.h"

namespace interleave::impl {

std::unique_ptr<MembershipActivity> make_seed_membership_activity(model::db::Connect connect);
std::unique_ptr<MembershipActivity> make_fixed_membership_activity(model::db::Connect connect);

}  // namespace interleave::impl
