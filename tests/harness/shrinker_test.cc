// The schedule shrinker on small programs with known minimal failures: a
// lost update needs exactly one preemption, a fault that is not needed goes,
// one that is needed stays; and what counts as the same failure.

#include "harness/shrinker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/explorer.h"
#include "tests/harness/lost_update_program.h"

namespace interleave {
namespace {

using test_support::failing_trace;
using test_support::lost_update;

ShrinkRun shrink(const ProgramFactory& factory, const Trace& failing, std::uint32_t runs = 500) {
  ShrinkBudget budget(runs);
  Shrinker shrinker({}, budget);
  auto start = shrinker.run(factory, failing.choices, {});
  EXPECT_TRUE(start && Failure::of(failing).matches(start->trace));
  return shrinker.shrink(factory, *start, Failure::of(failing));
}

TEST(Shrinker, LostUpdateShrinksToOnePreemptionAndReplays) {
  ProgramFactory factory = lost_update(false);
  Trace failing = failing_trace(factory, 4);
  ShrinkRun shrunk = shrink(factory, failing);
  EXPECT_EQ(shrunk.trace.verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(shrunk.trace.verdict.property, "no-lost-update");
  // A lost update needs one switch away from a reader before it writes.
  EXPECT_EQ(shrunk.size.preemptions, 1u);
  EXPECT_EQ(preemption_points(shrunk).size(), 1u);
  EXPECT_EQ(shrunk.size.faults, 0u) << "no fault is needed";
  EXPECT_LE(shrunk.size.choices, failing.choices.size());
  // The kept choices are the run's own: strict replay follows them.
  ReplayResult replayed = replay(factory, shrunk.trace);
  EXPECT_FALSE(replayed.divergence) << *replayed.divergence;
  EXPECT_EQ(replayed.replayed.verdict.property, "no-lost-update");
}

TEST(Shrinker, AFaultTheFailureNeedsStays) {
  ProgramFactory factory = lost_update(true);
  Trace failing = failing_trace(factory, 3);
  ShrinkRun shrunk = shrink(factory, failing);
  EXPECT_EQ(shrunk.trace.verdict.property, "no-lost-update");
  EXPECT_EQ(shrunk.size.faults, 1u);
  EXPECT_EQ(shrunk.size.preemptions, 1u);
  EXPECT_FALSE(replay(factory, shrunk.trace).divergence);
}

TEST(Shrinker, ShrinkingIsDeterministic) {
  ProgramFactory factory = lost_update(false);
  Trace failing = failing_trace(factory, 4);
  EXPECT_EQ(serialize(shrink(factory, failing).trace), serialize(shrink(factory, failing).trace));
}

TEST(Shrinker, NoCandidateIsRunBeyondTheBudget) {
  ProgramFactory factory = lost_update(false);
  Trace failing = failing_trace(factory, 4);
  ShrinkBudget budget(3);
  Shrinker shrinker({}, budget);
  auto start = shrinker.run(factory, failing.choices, {});
  ASSERT_TRUE(start);
  ShrinkRun shrunk = shrinker.shrink(factory, *start, Failure::of(failing));
  EXPECT_EQ(budget.used(), 3u);
  EXPECT_FALSE(shrinker.run(factory, failing.choices, {})) << "the budget is spent";
  EXPECT_LE(shrunk.size, start->size);
  EXPECT_EQ(shrunk.trace.verdict.property, "no-lost-update");
}

TEST(Shrinker, FindFailureSearchesWhenTheHintHolds) {
  ProgramFactory factory = lost_update(false);
  Trace failing = failing_trace(factory, 1);
  ShrinkBudget budget(500);
  Shrinker shrinker({}, budget);
  // No choices: everyone runs to the end in turn, and the counter is 2.
  auto quiet = shrinker.run(factory, {}, {});
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->trace.verdict.status, VerdictStatus::kHolds);
  EXPECT_EQ(quiet->size.preemptions, 0u);
  auto found = shrinker.find_failure(factory, Failure::of(failing), {}, {});
  ASSERT_TRUE(found);
  EXPECT_TRUE(Failure::of(failing).matches(found->trace));
  EXPECT_FALSE(replay(factory, found->trace).divergence);
}

TEST(Failure, MatchesTheSameMessageWithOtherNamesNumbersAndValues) {
  std::vector<ActorInfo> actors = {{.name = "api-1"}, {.name = "api-2"}, {.name = "tenant-provision-acme"}};
  Verdict found{VerdictStatus::kViolation, "unique-slugs",
                "api-2: create_tenant('globex') ended in an unhandled error: tenant 12 \"x\" exists"};
  Verdict smaller{VerdictStatus::kViolation, "unique-slugs",
                  "api-1: create_tenant('acme') ended in an unhandled error: tenant 3 \"y\" exists"};
  Verdict slipped{VerdictStatus::kViolation, "unique-slugs",
                  "api-1: create_tenant('acme') ended in an unhandled error: no tenant has slug 'acme'"};
  EXPECT_EQ(message_shape(found, actors),
            "<actor>: create_tenant('*') ended in an unhandled error: tenant # \"*\" exists");
  EXPECT_EQ(message_shape(found, actors), message_shape(smaller, actors));
  EXPECT_NE(message_shape(found, actors), message_shape(slipped, actors));

  Trace trace;
  trace.actors = actors;
  trace.verdict = found;
  const Failure failure = Failure::of(trace);
  trace.verdict = smaller;
  EXPECT_TRUE(failure.matches(trace));
  trace.verdict = slipped;
  EXPECT_FALSE(failure.matches(trace)) << "another failure of the same property";
  trace.verdict = smaller;
  trace.verdict.property = "no-ghost-workflows";
  EXPECT_FALSE(failure.matches(trace));
}

}  // namespace
}  // namespace interleave
