// The preemption-bounded sampler the shrinker searches with: no schedule
// preempts more often than its bound, a schedule depends only on its seed
// and index, and a one-preemption bug is found with bound 1 but never with 0.

#include "harness/bounded_preemption_strategy.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/execution.h"
#include "tests/harness/lost_update_program.h"

namespace interleave {
namespace {

using test_support::lost_update;
using test_support::steppers;

struct Sample {
  ChoiceVector choices;
  std::uint32_t preemptions;
  VerdictStatus status;
};

Sample sample(const ProgramFactory& factory, std::uint32_t bound, std::uint64_t index) {
  BoundedPreemptionStrategy strategy(/*seed=*/1, bound, /*decisions=*/12);
  strategy.begin_schedule(index);
  auto program = factory();
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(*program);
  return {exec.choices(), exec.preemptions(), exec.verdict().status};
}

TEST(BoundedPreemptionStrategy, NeverPreemptsMoreThanItsBound) {
  ProgramFactory factory = steppers({"a", "b", "c", "d"});
  for (std::uint32_t bound = 0; bound <= 3; ++bound) {
    std::uint32_t most = 0;
    for (std::uint64_t index = 0; index < 200; ++index) {
      std::uint32_t preemptions = sample(factory, bound, index).preemptions;
      EXPECT_LE(preemptions, bound) << "schedule " << index;
      most = std::max(most, preemptions);
    }
    EXPECT_EQ(most, bound) << "the bound is reached";
  }
}

TEST(BoundedPreemptionStrategy, ScheduleDependsOnlyOnSeedAndIndex) {
  ProgramFactory factory = steppers({"a", "b", "c"});
  for (std::uint64_t index = 0; index < 20; ++index) {
    EXPECT_EQ(sample(factory, 2, index).choices, sample(factory, 2, index).choices) << index;
  }
  EXPECT_NE(sample(factory, 2, 0).choices, sample(factory, 2, 1).choices);
}

TEST(BoundedPreemptionStrategy, FindsALostUpdateWithOnePreemptionNeverWithNone) {
  ProgramFactory factory = lost_update(false);
  int found = 0;
  for (std::uint64_t index = 0; index < 200; ++index) {
    EXPECT_EQ(sample(factory, 0, index).status, VerdictStatus::kHolds) << "a lost update needs a preemption";
    Sample one = sample(factory, 1, index);
    if (one.status != VerdictStatus::kViolation) continue;
    EXPECT_EQ(one.preemptions, 1u);
    ++found;
  }
  EXPECT_GT(found, 0);
}

}  // namespace
}  // namespace interleave
