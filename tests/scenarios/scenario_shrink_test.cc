// Shrinking the seed races of the shipped catalogue: each race found by
// random seed 1 shrinks to a counterexample with few declared actors and at
// most two preemptions, still fails the same property, replays from the
// scenario text it carries, never grows, and shrinks the same way twice.

#include "scenarios/scenario_shrinker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

using scenarios::CounterexampleSize;
using scenarios::Scenario;

// The declared actors each seed race shrinks to. Two actors race in most;
// where one is left, the race is between that actor and the workflow it
// starts (workflows and activities are actors too, spawned at run time).
const std::map<std::string, std::uint32_t> kShrunkActors = {
    {"deletion-window", 2},    // the deletion workflow's admin and one request
    {"draft-discard-race", 2}, // an edit and the discard it undoes
    {"ghost-workflow", 1},     // a registration and its own workflow, before the commit
    {"membership-retry", 2},   // two activities for one pair
    {"section-id-race", 2},    // two edits whose section ids collide
    {"slug-contention", 2},    // create_tenant and register for one slug
    {"tenant-lifecycle", 1},   // a sign-up and its own workflow (no-ghost-workflows)
    {"tenant-slug-race", 2},   // two create_tenant calls for one slug
};

Trace found_by_seed_one(const Scenario& scenario, const std::string& variant) {
  RandomStrategy random(1);
  ExploreOptions options{.seed = 1, .schedules = 20'000};
  ExploreResult result = explore(scenarios::program_factory(scenario, variant), random,
                                 scenarios::trace_header(scenario, variant), options);
  EXPECT_TRUE(result.trace) << scenario.name << " " << variant << ": seed 1 found no failure";
  return result.trace ? *result.trace : Trace{};
}

void expect_no_larger(const CounterexampleSize& shrunk, const CounterexampleSize& original) {
  EXPECT_LE(shrunk.actors, original.actors);
  EXPECT_LE(shrunk.operations, original.operations);
  EXPECT_LE(shrunk.choices, original.choices);
  EXPECT_LE(shrunk.steps, original.steps);
  EXPECT_LE(shrunk.preemptions, original.preemptions);
  EXPECT_LE(shrunk.faults, original.faults);
}

// The scenario a saved trace runs, as `interleave replay` reads it.
Scenario scenario_of(const Trace& trace, const Scenario& catalogued) {
  if (trace.scenario_source.empty()) return catalogued;
  Scenario embedded = scenarios::parse_scenario(trace.scenario_source, "embedded");
  scenarios::validate(embedded);
  return embedded;
}

class SeedRace : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { catalogue_ = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR); }
  const Scenario& scenario() const {
    const Scenario* scenario = scenarios::find_scenario(catalogue_, GetParam());
    EXPECT_NE(scenario, nullptr) << GetParam();
    return *scenario;
  }

 private:
  static inline std::vector<Scenario> catalogue_;
};

TEST_P(SeedRace, ShrinksToAFewActorsAndAtMostTwoPreemptions) {
  const Scenario& catalogued = scenario();
  Trace failing = found_by_seed_one(catalogued, "seed");
  ASSERT_EQ(failing.verdict.status, VerdictStatus::kViolation);
  scenarios::ShrunkCounterexample shrunk = scenarios::shrink_counterexample(catalogued, "seed", failing);

  EXPECT_EQ(shrunk.trace.verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(shrunk.trace.verdict.property, failing.verdict.property);
  EXPECT_EQ(shrunk.shrunk.actors, kShrunkActors.at(catalogued.name));
  EXPECT_EQ(shrunk.scenario.actors.size(), shrunk.shrunk.actors);
  EXPECT_LE(shrunk.shrunk.preemptions, 2u);
  expect_no_larger(shrunk.shrunk, shrunk.original);
  EXPECT_EQ(shrunk.original.actors, catalogued.actors.size());
  EXPECT_EQ(shrunk.original.choices, failing.choices.size());
  EXPECT_EQ(shrunk.shrunk.choices, shrunk.trace.choices.size());
  EXPECT_EQ(shrunk.shrunk.faults, scenarios::count_faults(shrunk.trace));
  // When actors went, the trace carries the smaller scenario (a race of
  // two actors, as draft-discard-race is written, keeps the catalogue's).
  EXPECT_EQ(shrunk.trace.scenario_source.empty(), shrunk.shrunk.actors == catalogued.actors.size());
  EXPECT_EQ(shrunk.trace.scenario, catalogued.name);

  // Replays, through its file form, from the scenario it carries.
  Trace saved = parse_trace(serialize(shrunk.trace), "shrunk.json");
  Scenario replayed_scenario = scenario_of(saved, catalogued);
  ReplayResult replayed = replay(scenarios::program_factory(replayed_scenario, "seed"), saved);
  EXPECT_FALSE(replayed.divergence) << *replayed.divergence;
  EXPECT_EQ(replayed.replayed.verdict.property, failing.verdict.property);
}

TEST_P(SeedRace, ShrinkingTwiceGivesTheSameBytes) {
  const Scenario& catalogued = scenario();
  Trace failing = found_by_seed_one(catalogued, "seed");
  std::string first = serialize(scenarios::shrink_counterexample(catalogued, "seed", failing).trace);
  std::string second = serialize(scenarios::shrink_counterexample(catalogued, "seed", failing).trace);
  EXPECT_EQ(first, second);
}

INSTANTIATE_TEST_SUITE_P(ShippedCatalogue, SeedRace,
                         ::testing::Values("deletion-window", "draft-discard-race", "ghost-workflow",
                                           "membership-retry", "section-id-race", "slug-contention",
                                           "tenant-lifecycle", "tenant-slug-race"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ScenarioShrink, EveryFailingVariantOfTheCatalogueShrinksAndReplays) {
  // The recommended fixes that still fail (findings) shrink like the seeds.
  for (const Scenario& catalogued : scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR)) {
    for (const std::string& variant : catalogued.variants) {
      if (variant == "seed" || catalogued.expectation(variant)->holds) continue;
      SCOPED_TRACE(catalogued.name + " " + variant);
      Trace failing = found_by_seed_one(catalogued, variant);
      auto shrunk = scenarios::shrink_counterexample(catalogued, variant, failing);
      EXPECT_EQ(shrunk.trace.verdict.property, failing.verdict.property);
      expect_no_larger(shrunk.shrunk, shrunk.original);
      Scenario replayed_scenario = scenario_of(shrunk.trace, catalogued);
      EXPECT_FALSE(replay(scenarios::program_factory(replayed_scenario, variant), shrunk.trace).divergence);
    }
  }
}

TEST(ScenarioShrink, ATraceThatHoldsIsNoCounterexample) {
  auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const Scenario& scenario = *scenarios::find_scenario(catalogue, "tenant-slug-race");
  ProgramFactory factory = scenarios::program_factory(scenario, "fixed");
  RandomStrategy random(1);
  random.begin_schedule(0);
  auto program = factory();
  Execution exec(random, {}, /*record_events=*/false);
  exec.run(*program);
  Trace holds = run_recorded(factory, exec.choices(), {});
  ASSERT_EQ(holds.verdict.status, VerdictStatus::kHolds);
  EXPECT_THROW(scenarios::shrink_counterexample(scenario, "fixed", holds), scenarios::ShrinkError);
}

TEST(ScenarioShrink, ATraceThatNoLongerFailsIsAnError) {
  auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const Scenario& scenario = *scenarios::find_scenario(catalogue, "tenant-slug-race");
  Trace failing = found_by_seed_one(scenario, "seed");
  // The seed's violation, claimed of the fixed variant, which holds.
  try {
    scenarios::shrink_counterexample(scenario, "fixed", failing);
    ADD_FAILURE() << "shrunk a failure that does not happen";
  } catch (const scenarios::ShrinkError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("does not fail again the same way"));
  }
}

}  // namespace
}  // namespace interleave
