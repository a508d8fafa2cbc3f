// `actor NAME OPERATION … variant=V`: one actor runs another variant's code
// (an old client during a rolling deploy) whatever variant is explored.

#include <gtest/gtest.h>

#include <string>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

ExploreResult explore_fixed(const scenarios::Scenario& scenario) {
  RandomStrategy strategy(2026);
  return explore(scenarios::program_factory(scenario, "fixed"), strategy, scenarios::trace_header(scenario, "fixed"),
                 {.seed = 2026, .schedules = 2000});
}

TEST(ActorVariant, OldClientsInAFixedExplorationBringBackTheRace) {
  scenarios::Scenario scenario =
      scenarios::load_scenario_file(std::string(INTERLEAVE_SCENARIO_DIR) + "/tenant-slug-race.scn");
  scenarios::validate(scenario);
  EXPECT_EQ(explore_fixed(scenario).violations, 0u) << "fixed holds with its own code";

  for (scenarios::ActorSpec& actor : scenario.actors) actor.variant = "seed";
  scenarios::validate(scenario);
  ExploreResult mixed = explore_fixed(scenario);
  ASSERT_TRUE(mixed.trace.has_value()) << "seed's clients under fixed must still race";
  EXPECT_EQ(mixed.trace->verdict.property, "unique-slugs");
  bool named = false;
  for (const auto& actor : mixed.trace->actors) named |= actor.operation.find("[variant seed]") != std::string::npos;
  EXPECT_TRUE(named) << "the trace says which code an actor ran";
}

}  // namespace
}  // namespace interleave
