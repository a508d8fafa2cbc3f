// no-ghost-workflows over generated registrations and schedules (report
// 001): as reported, the workflow runs before the registration commits;
// fixed, it never does, whoever else registers, sweeps or fails to start.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "tests/properties/registration_workload.h"

namespace interleave {
namespace {

using test_support::generate_registration_workload;
using test_support::RegistrationWorkload;

Verdict run(const RegistrationWorkload& workload, const std::string& variant) {
  return test_support::run_generated(test_support::registration_scenario(workload, "no-ghost-workflows"), variant,
                                workload.schedule);
}

TEST(NoGhostWorkflowsProperty, FindsTheGhostWorkflowInSeed) {
  auto found = test_support::find_counterexample<RegistrationWorkload>(
      "no-ghost-workflows holds for the seed variant", [] { return generate_registration_workload(); },
      [](const RegistrationWorkload& workload) { return run(workload, "seed"); });
  ASSERT_TRUE(found) << "the seeded ghost workflow was not found";
  EXPECT_EQ(found->verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(found->verdict.property, "no-ghost-workflows");
  EXPECT_NE(found->verdict.message.find("which is not committed"), std::string::npos) << found->verdict.message;
}

TEST(NoGhostWorkflowsProperty, OneRegistrationAndItsOwnWorkflowMakeTheRace) {
  // No other request is needed: the workflow races the request that started it.
  auto found = test_support::find_counterexample<RegistrationWorkload>(
      "no-ghost-workflows holds for one registration in seed", [] { return generate_registration_workload(1); },
      [](const RegistrationWorkload& workload) { return run(workload, "seed"); });
  ASSERT_TRUE(found) << "the seeded ghost workflow was not found with one registration";
  ASSERT_EQ(found->workload.registrations.size(), 1u);
  EXPECT_EQ(found->verdict.property, "no-ghost-workflows");
}

RC_GTEST_PROP(NoGhostWorkflowsProperty, FixedNeverRunsAWorkflowForUncommittedRows, ()) {
  RegistrationWorkload workload = generate_registration_workload();
  Verdict verdict = run(workload, "fixed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
