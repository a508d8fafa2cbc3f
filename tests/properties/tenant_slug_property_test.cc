// RapidCheck properties over generated tenant-slug workloads and generated
// schedules. The schedule is a plain vector of numbers (VectorStrategy), so
// RapidCheck shrinks workload and interleaving together.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "harness/execution.h"
#include "harness/vector_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

struct Workload {
  std::vector<std::string> slugs;  // one create_tenant call per slug
  std::vector<std::uint32_t> schedule;
};

// Up to four concurrent calls over two slugs, and a schedule.
Workload generate_workload() {
  Workload workload;
  workload.slugs = *rc::gen::resize(
      4, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>("acme", "globex"))));
  workload.schedule = *rc::gen::container<std::vector<std::uint32_t>>(rc::gen::inRange<std::uint32_t>(0, 8));
  return workload;
}

scenarios::Scenario scenario_for(const Workload& workload) {
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

Verdict run(const Workload& workload, const std::string& variant) {
  scenarios::Scenario scenario = scenario_for(workload);
  VectorStrategy strategy(workload.schedule);
  strategy.begin_execution(0);
  auto program = scenarios::program_factory(scenario, variant)();
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(*program);
  return exec.verdict();
}

TEST(TenantSlugProperty, FindsTheRaceInSeedAndShrinksItToTwoActors) {
  // RapidCheck accepts every failing shrink candidate at once, so the last
  // failing input it evaluates is the shrunk counterexample it reports.
  Workload last_failure;
  Verdict last_verdict;
  bool failed_once = false;
  const bool passed = rc::check("unique-slugs holds for the seed variant", [&] {
    Workload workload = generate_workload();
    Verdict verdict = run(workload, "seed");
    if (verdict.status != VerdictStatus::kHolds) {
      last_failure = workload;
      last_verdict = verdict;
      failed_once = true;
    }
    RC_ASSERT(verdict.status == VerdictStatus::kHolds);
  });
  ASSERT_FALSE(passed) << "the seeded TOCTOU race was not found";
  ASSERT_TRUE(failed_once);
  EXPECT_EQ(last_verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(last_verdict.property, "unique-slugs");
  EXPECT_EQ(last_failure.slugs.size(), 2u) << "shrunk counterexample should have exactly two callers";
  if (last_failure.slugs.size() == 2) {
    EXPECT_EQ(last_failure.slugs[0], last_failure.slugs[1]);
  }
}

RC_GTEST_PROP(TenantSlugProperty, FixedVariantHoldsForEveryWorkloadAndSchedule, ()) {
  Workload workload = generate_workload();
  Verdict verdict = run(workload, "fixed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

RC_GTEST_PROP(TenantSlugProperty, SeedHoldsWhenNoTwoCallersShareASlug, ()) {
  // The race needs a collision: distinct slugs are safe even in seed, which
  // shows the property does not simply reject the seed variant.
  Workload workload = generate_workload();
  std::vector<std::string> distinct = {"acme", "globex"};
  workload.slugs.resize(std::min<std::size_t>(workload.slugs.size(), 2));
  for (std::size_t i = 0; i < workload.slugs.size(); ++i) workload.slugs[i] = distinct[i];
  Verdict verdict = run(workload, "seed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
