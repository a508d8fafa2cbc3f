// An exploration runs its schedules through one Execution, reset() between
// them (harness/explorer.cc): a reused execution must run every schedule
// exactly as a fresh one does, and hand back what the last one left.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/execution.h"
#include "harness/random_strategy.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

using test_support::LambdaProgram;

// Steps, sleeps (timers and virtual time), events, and a violation in some
// schedules: every part of an execution's state a schedule changes.
LambdaProgram sleepers(std::string& log) {
  auto body = [&log](char tag, std::int64_t nap_ms) {
    return [&log, tag, nap_ms](Execution& exec) {
      for (int i = 0; i < 2; ++i) {
        exec.scheduling_point();
        log.push_back(tag);
        if (exec.recording()) exec.record("step", std::string(1, tag), std::to_string(i));
        exec.sleep_for(nap_ms);
      }
    };
  };
  return LambdaProgram({{"a", body('a', 5)}, {"b", body('b', 7)}, {"c", body('c', 5)}},
                       [&log]() -> std::optional<Violation> {
                         if (log.front() == 'a') return Violation{"not-a-first", "a stepped first: " + log};
                         return std::nullopt;
                       });
}

struct ScheduleOutcome {
  Verdict verdict;
  ChoiceVector choices;
  std::vector<Event> events;
  std::vector<std::string> actor_names;
  std::uint32_t steps = 0;
  std::uint32_t preemptions = 0;
  std::int64_t now_ms = 0;
};

ScheduleOutcome outcome_of(const Execution& exec) {
  ScheduleOutcome outcome{exec.verdict(), exec.choices(), exec.events(), {}, exec.steps(), exec.preemptions(), exec.now_ms()};
  for (const ActorInfo& actor : exec.actors()) outcome.actor_names.push_back(actor.name);
  return outcome;
}

TEST(ExecutionReset, AReusedExecutionRunsEveryScheduleAsAFreshOneDoes) {
  RandomStrategy fresh_strategy(11), reused_strategy(11);
  Execution reused(reused_strategy, {}, /*record_events=*/true);
  int violations = 0;
  for (std::uint64_t i = 0; i < 60; ++i) {
    SCOPED_TRACE("schedule " + std::to_string(i));
    std::string fresh_log, reused_log;
    LambdaProgram fresh_program = sleepers(fresh_log), reused_program = sleepers(reused_log);
    fresh_strategy.begin_schedule(i);
    Execution fresh(fresh_strategy, {}, /*record_events=*/true);
    fresh.run(fresh_program);
    reused_strategy.begin_schedule(i);
    reused.reset();
    reused.run(reused_program);

    const ScheduleOutcome expected = outcome_of(fresh), got = outcome_of(reused);
    EXPECT_EQ(got.verdict, expected.verdict);
    EXPECT_EQ(got.choices, expected.choices);
    EXPECT_EQ(got.events, expected.events);
    EXPECT_EQ(got.actor_names, expected.actor_names);
    EXPECT_EQ(got.steps, expected.steps);
    EXPECT_EQ(got.preemptions, expected.preemptions);
    EXPECT_EQ(got.now_ms, expected.now_ms);
    EXPECT_EQ(reused_log, fresh_log);
    if (expected.verdict.status == VerdictStatus::kViolation) ++violations;
  }
  // Both verdicts were met, so a verdict left over from the last schedule would show.
  EXPECT_GT(violations, 0);
  EXPECT_LT(violations, 60);
}

TEST(ExecutionReset, ResetRunsNoBodyOfActorsThatNeverRanAndLetsGoOfTheirCaptures) {
  RandomStrategy strategy(1);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, false);
  bool body_ran = false;
  auto capture = std::make_shared<int>(0);
  exec.spawn({.name = "a", .kind = "test"}, [&body_ran, capture] { body_ran = true; });
  EXPECT_EQ(capture.use_count(), 2);
  exec.reset();
  EXPECT_FALSE(body_ran);
  EXPECT_EQ(capture.use_count(), 1);
  EXPECT_TRUE(exec.actors().empty());
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
