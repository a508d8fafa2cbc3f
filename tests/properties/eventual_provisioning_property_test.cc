// eventual-provisioning over generated registrations and schedules (report
// 001): as reported, a ghost workflow fails and leaves its tenant
// provisioning for ever; fixed, with the sweeper, every tenant ends ready
// even when a start fails; without the sweeper, a failed start strands it.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "tests/properties/registration_workload.h"

namespace interleave {
namespace {

using test_support::generate_registration_workload;
using test_support::RegistrationWorkload;

Verdict run(const RegistrationWorkload& workload, const std::string& variant) {
  return test_support::run_generated(test_support::registration_scenario(workload, "eventual-provisioning"), variant,
                                workload.schedule);
}

TEST(EventualProvisioningProperty, FindsTheTenantAGhostWorkflowLeftProvisioningInSeed) {
  auto found = test_support::find_counterexample<RegistrationWorkload>(
      "eventual-provisioning holds for one registration in seed", [] { return generate_registration_workload(1); },
      [](const RegistrationWorkload& workload) { return run(workload, "seed"); });
  ASSERT_TRUE(found) << "the seeded ghost workflow was not found";
  EXPECT_EQ(found->verdict.property, "eventual-provisioning");
  EXPECT_NE(found->verdict.message.find("Tenant 1 not found"), std::string::npos) << found->verdict.message;
}

TEST(EventualProvisioningProperty, FindsTheTenantAFailedStartStrandsWithoutTheSweeper) {
  // The property is not vacuous for the fix: without its sweeper, a start
  // the service never received leaves the committed tenant provisioning.
  auto found = test_support::find_counterexample<RegistrationWorkload>(
      "eventual-provisioning holds for fixed without a sweeper",
      [] {
        RegistrationWorkload workload = generate_registration_workload(1);
        workload.sweeper = false;
        workload.start_may_fail = true;
        return workload;
      },
      [](const RegistrationWorkload& workload) { return run(workload, "fixed"); });
  ASSERT_TRUE(found) << "a failed start was never injected, or the property missed it";
  EXPECT_EQ(found->verdict.property, "eventual-provisioning");
  EXPECT_NE(found->verdict.message.find("no workflow tenant-provision-"), std::string::npos) << found->verdict.message;
}

RC_GTEST_PROP(EventualProvisioningProperty, FixedWithTheSweeperProvisionsEveryCommittedTenant, ()) {
  RegistrationWorkload workload = generate_registration_workload();
  workload.sweeper = true;
  Verdict verdict = run(workload, "fixed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
