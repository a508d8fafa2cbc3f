#pragma once
// idempotent-membership (report 003): however often the
// create_admin_membership activity runs, at most one membership row exists
// per (user, tenant); every run for a user and a tenant that both exist
// succeeds, and is backed by that row; a run for a missing user or tenant is
// an error, never a reported success.
//
// Each run of the activity (every attempt, stale ones included) records its
// own outcome in the ledger: operation kMembershipActivity, key
// membership_run_key(user_id, tenant_id), kSuccess when it returned, kError
// when it raised. The users and tenants a scenario names are committed
// before the runs start and never deleted, so "exists" is judged on the
// committed state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "model/invariants/property.h"

namespace interleave::model {

inline constexpr std::string_view kMembershipActivity = "create_admin_membership";

// "user 1 tenant 2": how a run names its pair in CallOutcome::key.
std::string membership_run_key(std::int64_t user_id, std::int64_t tenant_id);
// (user id, tenant id) of a key membership_run_key made; nullopt otherwise.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_membership_run_key(std::string_view key);

class IdempotentMembership final : public Property {
 public:
  std::string_view name() const override { return "idempotent-membership"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override { return check_step(world); }
};

}  // namespace interleave::model
