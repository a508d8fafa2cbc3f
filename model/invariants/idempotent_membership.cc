#include "model/invariants/idempotent_membership.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "model/world.h"

namespace interleave::model {

namespace {

Violation idempotent_membership_violation(std::string message) { return {"idempotent-membership", std::move(message)}; }

bool committed_id(const World& world, const db::TableDef& table, std::int64_t id) {
  bool found = false;
  world.db.visit_committed(table.name, [&](const std::vector<db::Value>& values) {
    found = found || std::get<std::int64_t>(values[0]) == id;
  });
  return found;
}

using Pair = std::pair<std::int64_t, std::int64_t>;

// Runs after every step: views into the store, one small vector.
std::vector<Pair> committed_memberships(const World& world) {
  static const std::size_t user_column = kMemberships.column_index("user_id");
  static const std::size_t tenant_column = kMemberships.column_index("tenant_id");
  std::vector<Pair> pairs;
  world.db.visit_committed(kMemberships.name, [&](const std::vector<db::Value>& values) {
    pairs.emplace_back(std::get<std::int64_t>(values[user_column]), std::get<std::int64_t>(values[tenant_column]));
  });
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

std::optional<Violation> judge_run(const World& world, const CallOutcome& run, const std::vector<Pair>& memberships) {
  const auto pair = parse_membership_run_key(run.key);
  const std::string& who = world.exec.actor_info(run.actor).name;
  if (!pair) return idempotent_membership_violation(fmt::format("{}: a run of {} for '{}', which names no user and tenant", who,
                                          kMembershipActivity, run.key));
  const auto [user_id, tenant_id] = *pair;
  const bool user_exists = committed_id(world, kUsers, user_id);
  const bool tenant_exists = committed_id(world, kTenants, tenant_id);
  if (run.status != CallStatus::kSuccess) {
    if (!user_exists || !tenant_exists) return std::nullopt;  // the error it must be
    return idempotent_membership_violation(fmt::format("{}: {}(user {}, tenant {}) failed although both exist: {}", who,
                                 kMembershipActivity, user_id, tenant_id, run.detail));
  }
  if (!user_exists || !tenant_exists) {
    return idempotent_membership_violation(fmt::format("{}: {}(user {}, tenant {}) reported success, but the {} does not exist", who,
                                 kMembershipActivity, user_id, tenant_id, user_exists ? "tenant" : "user"));
  }
  if (!std::binary_search(memberships.begin(), memberships.end(), *pair)) {
    return idempotent_membership_violation(fmt::format("{}: {}(user {}, tenant {}) reported success, but no membership is committed", who,
                                 kMembershipActivity, user_id, tenant_id));
  }
  return std::nullopt;
}

}  // namespace

std::string membership_run_key(std::int64_t user_id, std::int64_t tenant_id) {
  return fmt::format("user {} tenant {}", user_id, tenant_id);
}

std::optional<std::pair<std::int64_t, std::int64_t>> parse_membership_run_key(std::string_view key) {
  auto number_after = [&key](std::string_view label) -> std::optional<std::int64_t> {
    if (!key.starts_with(label)) return std::nullopt;
    key.remove_prefix(label.size());
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), value);
    if (error != std::errc()) return std::nullopt;
    key.remove_prefix(static_cast<std::size_t>(end - key.data()));
    return value;
  };
  auto user_id = number_after("user ");
  if (!user_id) return std::nullopt;
  auto tenant_id = number_after(" tenant ");
  if (!tenant_id || !key.empty()) return std::nullopt;
  return std::pair{*user_id, *tenant_id};
}

std::optional<Violation> IdempotentMembership::check_step(const World& world) const {
  const std::vector<Pair> memberships = committed_memberships(world);
  if (auto twice = std::adjacent_find(memberships.begin(), memberships.end()); twice != memberships.end()) {
    return idempotent_membership_violation(fmt::format("two committed memberships of user {} in tenant {}", twice->first, twice->second));
  }
  for (const CallOutcome& run : world.ledger.outcomes()) {
    if (run.operation != kMembershipActivity) continue;
    if (auto broken = judge_run(world, run, memberships)) return broken;
  }
  return std::nullopt;
}

}  // namespace interleave::model
