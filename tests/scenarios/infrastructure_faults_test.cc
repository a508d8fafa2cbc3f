// The faults real services meet (issue 19): an ambiguous workflow start, a
// redelivered start, a connection lost mid-transaction, a COMMIT with an
// unknown outcome. For each, a schedule of flaky-infrastructure injects it,
// the tally counts it, its trace names it, and the trace replays to the
// same bytes.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "harness/execution.h"
#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "harness/trace.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

constexpr std::uint64_t kInfrastructureSchedules = 200;

// flaky-infrastructure with only `kind` enabled.
scenarios::Scenario scenario_with(const std::string& kind) {
  scenarios::Scenario scenario =
      scenarios::load_scenario_file(std::string(INTERLEAVE_SCENARIO_DIR) + "/flaky-infrastructure.scn");
  scenario.faults.kinds = {kind};
  scenario.faults.max = 1;
  return scenario;
}

bool names_event(const Trace& trace, const std::string& op) {
  for (const Event& event : trace.events) {
    if (event.op == op) return true;
  }
  return false;
}

// The first random schedule of `variant` that injects `kind`, recorded.
std::optional<Trace> first_trace_injecting(const scenarios::Scenario& scenario, const std::string& variant,
                                           const std::string& kind, scenarios::ScenarioTally& counted) {
  const std::string op = "fault." + kind;
  RandomStrategy strategy(19);
  for (std::uint64_t schedule = 0; schedule < kInfrastructureSchedules; ++schedule) {
    auto tally = std::make_shared<scenarios::ScenarioTally>();
    ProgramFactory factory = scenarios::program_factory(scenario, variant, tally);
    strategy.begin_schedule(schedule);
    Trace trace;
    {
      std::unique_ptr<Program> program = factory();
      Execution exec(strategy, {}, /*record_events=*/true);
      exec.run(*program);
      trace = capture_events(exec, {});
    }  // the program adds its faults to the tally as it is destroyed
    if (names_event(trace, op)) {
      counted = *tally;
      return trace;
    }
  }
  return std::nullopt;
}

class InfrastructureFault : public ::testing::TestWithParam<const char*> {};

TEST_P(InfrastructureFault, IsInjectedCountedTracedAndReplayedByteIdentically) {
  const std::string kind = GetParam();
  const auto fault = scenarios::fault_kind(kind);
  ASSERT_TRUE(fault.has_value()) << kind;
  const scenarios::Scenario scenario = scenario_with(kind);
  for (const std::string variant : {"seed", "fixed"}) {
    SCOPED_TRACE(variant);
    scenarios::ScenarioTally tally;
    std::optional<Trace> trace = first_trace_injecting(scenario, variant, kind, tally);
    ASSERT_TRUE(trace.has_value()) << "no schedule of " << kInfrastructureSchedules << " injected " << kind;
    EXPECT_EQ(tally.faults[static_cast<std::size_t>(*fault)], 1u);
    EXPECT_EQ(tally.schedules_with_faults, 1u);

    ProgramFactory factory = scenarios::program_factory(scenario, variant);
    ReplayResult replayed = replay(factory, *trace);
    ASSERT_FALSE(replayed.divergence.has_value()) << *replayed.divergence;
    copy_identity(*trace, replayed.replayed);
    EXPECT_EQ(serialize(replayed.replayed), serialize(*trace));
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, InfrastructureFault,
                         ::testing::Values("start_ambiguous", "start_redelivered", "connection_lost",
                                           "commit_outcome_unknown"));

// A COMMIT with an unknown outcome is a choice with two answers: some
// schedules leave the registration committed, others rolled back.
TEST(InfrastructureFaults, CommitOutcomeUnknownExploresBothOutcomes) {
  const scenarios::Scenario scenario = scenario_with("commit_outcome_unknown");
  bool committed = false, rolled_back = false;
  RandomStrategy strategy(7);
  for (std::uint64_t schedule = 0; schedule < kInfrastructureSchedules && !(committed && rolled_back); ++schedule) {
    ProgramFactory factory = scenarios::program_factory(scenario, "fixed");
    strategy.begin_schedule(schedule);
    std::unique_ptr<Program> program = factory();
    Execution exec(strategy, {}, /*record_events=*/true);
    exec.run(*program);
    for (const Event& event : capture_events(exec, {}).events) {
      if (event.op != "fault.commit_outcome_unknown") continue;
      committed |= event.result == "the transaction committed; the client is not told";
      rolled_back |= event.result == "the server rolled the transaction back";
    }
  }
  EXPECT_TRUE(committed);
  EXPECT_TRUE(rolled_back);
}

}  // namespace
}  // namespace interleave
