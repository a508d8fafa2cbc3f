#pragma once
// What the tests of the catalogue's scenarios share: explore one variant of
// a shipped scenario (or of a scenario written in the test) with a given
// strategy, and replay a found trace to check it gives the same bytes.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "harness/strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_program.h"
#include "scenarios/scenario_shrinker.h"

namespace interleave::test_support {

// The shipped catalogue, loaded once: the factories keep references to it.
inline const scenarios::Scenario& catalogue_scenario(std::string_view name) {
  static const std::vector<scenarios::Scenario> catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario* scenario = scenarios::find_scenario(catalogue, name);
  if (!scenario) throw std::runtime_error("no scenario " + std::string(name) + " in the catalogue");
  return *scenario;
}

// Requires: `scenario` is validated and outlives the call.
inline ExploreResult explore_variant(const scenarios::Scenario& scenario, const std::string& variant,
                                     Strategy& strategy, std::uint64_t schedules) {
  ExploreOptions options;
  options.schedules = schedules;
  return explore(scenarios::program_factory(scenario, variant), strategy,
                 scenarios::trace_header(scenario, variant), options);
}

// The trace replays without divergence, and its replay serialises to the
// same bytes.
inline void expect_replays_to_same_bytes(const scenarios::Scenario& scenario, const std::string& variant,
                                         const Trace& trace) {
  ReplayResult replayed = replay(scenarios::program_factory(scenario, variant), trace);
  ASSERT_FALSE(replayed.divergence) << *replayed.divergence;
  copy_identity(trace, replayed.replayed);
  replayed.replayed.scenario_source = trace.scenario_source;  // the shrunk scenario's text, not the run's
  EXPECT_EQ(serialize(replayed.replayed), serialize(trace));
}

// Shrinks a found failure and checks that what is left still breaks the same
// property and replays to the same bytes. Returns the actors left.
inline std::uint32_t expect_shrinks_to_same_property(const scenarios::Scenario& scenario, const std::string& variant,
                                                     const Trace& failing) {
  scenarios::ShrunkCounterexample shrunk = scenarios::shrink_counterexample(scenario, variant, failing);
  EXPECT_EQ(shrunk.trace.verdict.property, failing.verdict.property) << shrunk.trace.verdict.message;
  EXPECT_LE(shrunk.shrunk.actors, shrunk.original.actors);
  EXPECT_LE(shrunk.shrunk.steps, shrunk.original.steps);
  expect_replays_to_same_bytes(shrunk.scenario, variant, shrunk.trace);
  return shrunk.shrunk.actors;
}

// Random seed 1 finds a failure of `variant` within `schedules`: it breaks
// `property`, replays to the same bytes and shrinks to `actors` actors.
// Returns the failing trace; nullopt (the test has failed) when none.
inline std::optional<Trace> expect_seed_one_finds(const scenarios::Scenario& scenario, const std::string& variant,
                                                  const std::string& property, std::uint64_t schedules,
                                                  std::uint32_t actors) {
  RandomStrategy random(1);
  ExploreResult result = explore_variant(scenario, variant, random, schedules);
  EXPECT_TRUE(result.trace) << scenario.name << " " << variant << ": no failure in " << schedules << " schedules";
  if (!result.trace) return std::nullopt;
  EXPECT_EQ(result.trace->verdict.property, property) << result.trace->verdict.message;
  ::testing::Test::RecordProperty("first_violation_at", std::to_string(*result.first_failure_at));
  expect_replays_to_same_bytes(scenario, variant, *result.trace);
  EXPECT_EQ(expect_shrinks_to_same_property(scenario, variant, *result.trace), actors);
  return result.trace;
}

}  // namespace interleave::test_support
