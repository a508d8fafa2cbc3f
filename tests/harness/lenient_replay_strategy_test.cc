// The lenient replay the shrinker runs edited vectors with: an exact vector
// is followed exactly; what does not fit falls back without a preemption and
// never diverges; actor choices follow names when ids move.

#include "harness/lenient_replay_strategy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/execution.h"
#include "tests/harness/lost_update_program.h"

namespace interleave {
namespace {

using test_support::failing_trace;
using test_support::lost_update;
using test_support::steppers;

struct LenientRun {
  ChoiceVector choices;
  std::vector<ActorInfo> actors;
  std::uint32_t preemptions;
};

LenientRun run_lenient(const ProgramFactory& factory, const ChoiceVector& choices,
                       const std::vector<ActorInfo>& recorded = {}) {
  LenientReplayStrategy strategy(choices);
  strategy.begin_schedule(0);
  auto program = factory();
  Execution exec(strategy, {}, /*record_events=*/false);
  if (!recorded.empty()) {
    strategy.follow_names(recorded, [&exec](ActorId id) -> std::string_view { return exec.actor_info(id).name; });
  }
  exec.run(*program);
  EXPECT_NE(exec.verdict().status, VerdictStatus::kDivergence);
  return {exec.choices(), exec.actors(), exec.preemptions()};
}

TEST(LenientReplayStrategy, AnExactVectorIsFollowedExactly) {
  ProgramFactory factory = lost_update(false);
  Trace failing = failing_trace(factory, 2);
  EXPECT_EQ(run_lenient(factory, failing.choices).choices, failing.choices);
}

TEST(LenientReplayStrategy, BeyondTheVectorNobodyIsPreempted) {
  ProgramFactory factory = steppers({"a", "b", "c"});
  LenientRun run = run_lenient(factory, {Choice::actor(1), Choice::actor(2)});
  EXPECT_EQ(run.preemptions, 1u) << "b preempted by c, then nobody";
  EXPECT_EQ(run_lenient(factory, {}).preemptions, 0u);
}

TEST(LenientReplayStrategy, ChoicesThatDoNotFitNeverDiverge) {
  ProgramFactory factory = lost_update(false);
  // Draws where actors are chosen, a draw of another size, an actor that
  // does not exist: each falls back, none diverges.
  LenientRun run = run_lenient(factory, {Choice::draw(1, 2), Choice::actor(9), Choice::draw(2, 3), Choice::actor(2)});
  EXPECT_EQ(run.preemptions, 1u) << "only the fitting choice a2 preempts";
  EXPECT_EQ(run.choices[1], Choice::draw(0, 2)) << "a draw of another size draws 0";
}

TEST(LenientReplayStrategy, ActorChoicesFollowNamesWhenIdsMove) {
  // Recorded with a, b, c: "c" had id 2. Without b, c has id 1.
  ProgramFactory before = steppers({"a", "b", "c"});
  ProgramFactory after = steppers({"a", "c"});
  LenientRun recorded = run_lenient(before, {Choice::actor(2), Choice::actor(2), Choice::actor(2)});
  ASSERT_EQ(recorded.actors[2].name, "c");
  LenientRun followed = run_lenient(after, {Choice::actor(2), Choice::actor(2), Choice::actor(2)}, recorded.actors);
  ASSERT_FALSE(followed.choices.empty());
  EXPECT_EQ(followed.choices.front(), Choice::actor(1)) << "c runs first, by name";
}

}  // namespace
}  // namespace interleave
