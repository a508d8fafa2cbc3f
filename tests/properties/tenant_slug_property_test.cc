// RapidCheck properties over generated tenant-slug workloads and generated
// schedules. The schedule is a plain vector of numbers (VectorStrategy), so
// RapidCheck shrinks workload and interleaving together.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "harness/execution.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"
#include "tests/properties/generated_scenario.h"

namespace interleave {
namespace {

struct SlugWorkload {
  std::vector<std::string> slugs;  // one create_tenant call per slug
  std::vector<std::uint32_t> schedule;
};

// Up to four concurrent calls over two slugs, and a schedule.
SlugWorkload generate_slug_workload() {
  SlugWorkload workload;
  workload.slugs = *rc::gen::resize(
      4, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>("acme", "globex"))));
  workload.schedule = test_support::generate_schedule();
  return workload;
}

scenarios::Scenario slug_scenario_for(const SlugWorkload& workload) {
  scenarios::Scenario scenario;
  scenario.name = "generated-tenant-slugs";
  scenario.services = {"tenant"};
  scenario.properties = {"unique-slugs"};
  scenario.variants = {"seed", "fixed"};
  scenario.expectations = {{.variant = "seed", .holds = false, .property = "unique-slugs"}, {.variant = "fixed"}};
  for (std::size_t i = 0; i < workload.slugs.size(); ++i) {
    scenario.actors.push_back({"api-" + std::to_string(i + 1), "create_tenant", {{"slug", {workload.slugs[i]}}}, {}});
  }
  scenarios::validate(scenario);
  return scenario;
}

Verdict run_slug(const SlugWorkload& workload, const std::string& variant) {
  return test_support::run_generated(slug_scenario_for(workload), variant, workload.schedule);
}

TEST(TenantSlugProperty, FindsTheRaceInSeedAndShrinksItToTwoActors) {
  auto found = test_support::find_counterexample<SlugWorkload>("unique-slugs holds for the seed variant", generate_slug_workload,
                                                      [](const SlugWorkload& workload) { return run_slug(workload, "seed"); });
  ASSERT_TRUE(found) << "the seeded TOCTOU race was not found";
  EXPECT_EQ(found->verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(found->verdict.property, "unique-slugs");
  const std::vector<std::string>& slugs = found->workload.slugs;
  EXPECT_EQ(slugs.size(), 2u) << "shrunk counterexample should have exactly two callers";
  if (slugs.size() == 2) {
    EXPECT_EQ(slugs[0], slugs[1]);
  }
}

RC_GTEST_PROP(TenantSlugProperty, FixedVariantHoldsForEveryWorkloadAndSchedule, ()) {
  SlugWorkload workload = generate_slug_workload();
  Verdict verdict = run_slug(workload, "fixed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

RC_GTEST_PROP(TenantSlugProperty, SeedHoldsWhenNoTwoCallersShareASlug, ()) {
  // The race needs a collision: distinct slugs are safe even in seed, which
  // shows the property does not simply reject the seed variant.
  SlugWorkload workload = generate_slug_workload();
  std::vector<std::string> distinct = {"acme", "globex"};
  workload.slugs.resize(std::min<std::size_t>(workload.slugs.size(), 2));
  for (std::size_t i = 0; i < workload.slugs.size(); ++i) workload.slugs[i] = distinct[i];
  Verdict verdict = run_slug(workload, "seed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
