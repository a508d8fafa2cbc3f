// unique-slugs for report 000's Option 2 over generated workloads and
// schedules: as written (alt), the advisory lock is released before the
// workflow inserts the tenant, and a second request for the slug passes the
// check; hardened, the lock is held until that workflow has finished.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "scenarios/catalogue.h"
#include "tests/properties/generated_scenario.h"

namespace interleave {
namespace {

struct AltSlugWorkload {
  std::vector<std::string> slugs;  // one create_tenant call per slug
  std::vector<std::uint32_t> schedule;
};

AltSlugWorkload generate_alt_slug_workload() {
  AltSlugWorkload workload;
  workload.slugs = *rc::gen::resize(4, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(
                                          rc::gen::element<std::string>("acme", "globex"))));
  workload.schedule = test_support::generate_schedule();
  return workload;
}

Verdict run_alt_slug(const AltSlugWorkload& workload, const std::string& variant) {
  scenarios::Scenario scenario;
  scenario.name = "generated-tenant-slugs";
  scenario.services = {"tenant"};
  scenario.properties = {"unique-slugs"};
  scenario.variants = {"alt", "hardened"};
  scenario.expectations = {{.variant = "alt", .holds = false, .property = "unique-slugs"}, {.variant = "hardened"}};
  for (std::size_t i = 0; i < workload.slugs.size(); ++i) {
    scenario.actors.push_back({"api-" + std::to_string(i + 1), "create_tenant", {{"slug", {workload.slugs[i]}}}, {}});
  }
  scenarios::validate(scenario);
  return test_support::run_generated(scenario, variant, workload.schedule);
}

TEST(TenantSlugAltProperty, FindsTheRaceOptionTwoLeavesOpenWithTwoCallers) {
  auto found = test_support::find_counterexample<AltSlugWorkload>("unique-slugs holds for the alt variant", generate_alt_slug_workload,
                                                      [](const AltSlugWorkload& workload) { return run_alt_slug(workload, "alt"); });
  ASSERT_TRUE(found) << "the race left by the advisory lock was not found";
  EXPECT_EQ(found->verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(found->verdict.property, "unique-slugs");
  ASSERT_EQ(found->workload.slugs.size(), 2u) << "shrunk counterexample should have exactly two callers";
  EXPECT_EQ(found->workload.slugs[0], found->workload.slugs[1]);
}

RC_GTEST_PROP(TenantSlugAltProperty, HardenedHoldsForEveryWorkloadAndSchedule, ()) {
  AltSlugWorkload workload = generate_alt_slug_workload();
  Verdict verdict = run_alt_slug(workload, "hardened");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
