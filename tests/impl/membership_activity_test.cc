// Report 003: the membership activity run twice at once for one user and
// tenant (a retry racing the first attempt). As reported, one run can fail
// on the unique pair; fixed, both succeed; a missing user stays an error.

#include "impl/membership/membership_activity.h"

#include <gtest/gtest.h>

#include "model/app_schema.h"
#include "tests/impl/world_program.h"

namespace interleave {
namespace {

using impl::Backend;
using impl::MembershipCreationFailed;
using test_support::WorldProgram;

constexpr std::uint64_t kMembershipSchedules = 200;

// Commits a user and a tenant, then two runs of the activity race.
struct RaceOutcome {
  int failures = 0;        // runs that raised MembershipCreationFailed
  std::size_t memberships = 0;
};

RaceOutcome race(std::string_view variant, std::uint64_t schedule) {
  bool seeded = false;
  RaceOutcome outcome;
  auto attempt = [&](model::World& world, Backend& backend) {
    while (!seeded) world.exec.scheduling_point();
    try {
      impl::make_membership_activity(variant, backend.connect)->create_admin_membership(1, 1);
    } catch (const MembershipCreationFailed&) {
      ++outcome.failures;
    }
  };
  WorldProgram program({{"seed-data",
                         [&](model::World&, Backend& backend) {
                           auto session = backend.connect();
                           session->insert("users", {{"email", "a@x"}});
                           session->insert("tenants", {{"name", "Acme"}, {"slug", "acme"}, {"status", "ready"}});
                           session->commit();
                           seeded = true;
                         }},
                        {"attempt-1", attempt},
                        {"attempt-2", attempt}});
  Verdict verdict = run_schedule(program, schedule, [&](model::World& world) {
    outcome.memberships = world.db.committed_rows("memberships").size();
  });
  EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
  return outcome;
}

TEST(MembershipActivity, SeedFailsARunThatRacedPastTheCheck) {
  int schedules_with_failure = 0;
  for (std::uint64_t schedule = 0; schedule < kMembershipSchedules; ++schedule) {
    RaceOutcome outcome = race("seed", schedule);
    EXPECT_EQ(outcome.memberships, 1u);
    schedules_with_failure += outcome.failures > 0;
  }
  // The seeded race: found, and not in every schedule.
  EXPECT_GT(schedules_with_failure, 0);
  EXPECT_LT(schedules_with_failure, static_cast<int>(kMembershipSchedules));
}

TEST(MembershipActivity, FixedTreatsTheUniqueViolationAsSuccess) {
  for (std::uint64_t schedule = 0; schedule < kMembershipSchedules; ++schedule) {
    RaceOutcome outcome = race("fixed", schedule);
    EXPECT_EQ(outcome.failures, 0) << "schedule " << schedule;
    EXPECT_EQ(outcome.memberships, 1u);
  }
}

TEST(MembershipActivity, FixedStillFailsForAMissingUser) {
  bool failed = false;
  WorldProgram program({{"activity", [&](model::World&, Backend& backend) {
                           auto session = backend.connect();
                           session->insert("tenants", {{"name", "Acme"}, {"slug", "acme"}, {"status", "ready"}});
                           session->commit();
                           try {
                             impl::make_membership_activity("fixed", backend.connect)->create_admin_membership(42, 1);
                           } catch (const MembershipCreationFailed& error) {
                             failed = std::string(error.what()).find("memberships_user_id_fkey") != std::string::npos;
                           }
                         }}});
  run_schedule(program, 0, [](model::World& world) { EXPECT_TRUE(world.db.committed_rows("memberships").empty()); });
  EXPECT_TRUE(failed);
}

}  // namespace
}  // namespace interleave
