// -j N gives what -j 1 gives: explore_parallel (random, pct) and
// explore_dfs_parallel (dfs, with shards) against explore() with one
// strategy, field by field — counts, the first violation's index and trace
// bytes, the schedule_ran calls in order, dfs's statistics — when the
// search stops at a violation, keeps going, exhausts, or is cut by
// --schedules anywhere (also exactly where a dfs part ends).

#include "harness/parallel_explorer.h"

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "harness/dfs_strategy.h"
#include "harness/parallel_dfs.h"
#include "harness/pct_strategy.h"
#include "harness/random_strategy.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

using test_support::LambdaProgram;

// Three actors take three steps each on two cells (c only reads); b
// draws. The quiescent check fails for the interleavings whose hash is a
// multiple of `rare` (0: never), about one in `rare`.
ProgramFactory cells(std::uint64_t rare) {
  return [rare]() -> std::unique_ptr<Program> {
    auto order = std::make_shared<std::uint64_t>(14695981039346656037ull);  // FNV-1a of who stepped when
    auto body = [order](int actor) {
      return [order, actor](Execution& exec) {
        for (int step = 0; step < 3; ++step) {
          exec.scheduling_point();
          const int cell = (actor + step) % 2;
          exec.touch(resource_id(ResourceKind::kTest, static_cast<std::uint64_t>(cell)),
                     actor == 2 ? Access::kRead : Access::kWrite);
          *order = (*order ^ static_cast<std::uint64_t>(actor + 1)) * 1099511628211ull;
        }
        if (actor == 1 && exec.draw(2) == 1) exec.scheduling_point();
      };
    };
    return std::make_unique<LambdaProgram>(
        std::vector<std::pair<std::string, LambdaProgram::Body>>{{"a", body(0)}, {"b", body(1)}, {"c", body(2)}},
        [order, rare]() -> std::optional<Violation> {
          if (rare == 0 || *order % rare != 0) return std::nullopt;
          return Violation{"cells", "the actors stepped in a rare order"};
        });
  };
}

struct Outcome {
  ExploreResult result;
  std::vector<std::pair<std::uint64_t, ChoiceVector>> ran;
};

ExploreOptions options_for(std::uint64_t schedules, bool keep_going, Outcome& run, std::mutex& mutex) {
  ExploreOptions options;
  options.seed = 3;
  options.schedules = schedules;
  options.keep_going = keep_going;
  options.schedule_ran = [&run, &mutex](std::uint64_t index, const ChoiceVector& choices) {
    std::lock_guard lock(mutex);  // called from the threads, one at a time
    run.ran.emplace_back(index, choices);
  };
  return options;
}

void expect_same(const Outcome& one, const Outcome& many) {
  EXPECT_EQ(one.result.schedules_run, many.result.schedules_run);
  EXPECT_EQ(one.result.schedules_abandoned, many.result.schedules_abandoned);
  EXPECT_EQ(one.result.violations, many.result.violations);
  EXPECT_EQ(one.result.first_failure_at, many.result.first_failure_at);
  ASSERT_EQ(one.result.trace.has_value(), many.result.trace.has_value());
  if (one.result.trace) {
    EXPECT_EQ(serialize(*one.result.trace), serialize(*many.result.trace));
  }
  EXPECT_EQ(one.result.strategy_statistics.dump(), many.result.strategy_statistics.dump());
  ASSERT_EQ(one.ran.size(), many.ran.size());
  for (std::size_t i = 0; i < one.ran.size(); ++i) {
    EXPECT_EQ(one.ran[i].first, many.ran[i].first) << "schedule_ran call " << i;
    EXPECT_EQ(one.ran[i].second, many.ran[i].second) << "schedule_ran call " << i;
  }
}

const TraceHeader kHeader{.scenario = "cells", .variant = "v", .title = "", .report = ""};

void compare_random_like(const std::function<std::unique_ptr<Strategy>()>& make, std::uint64_t rare,
                         std::uint64_t schedules, bool keep_going, Shard shard, unsigned jobs,
                         std::uint64_t block) {
  std::mutex mutex;
  Outcome one;
  ExploreOptions options = options_for(schedules, keep_going, one, mutex);
  options.shard = shard;
  auto strategy = make();
  one.result = explore(cells(rare), *strategy, kHeader, options);
  Outcome many;
  ExploreOptions parallel_options = options_for(schedules, keep_going, many, mutex);
  parallel_options.shard = shard;
  ParallelSetup setup{.jobs = jobs, .block = block, .strategy = make, .factory = [rare](std::uint64_t) {
                        return cells(rare);
                      }};
  many.result = explore_parallel(setup, kHeader, parallel_options).result;
  expect_same(one, many);
}

TEST(ParallelExplore, RandomMatchesOneThread) {
  auto make = [] { return std::make_unique<RandomStrategy>(3); };
  for (std::uint64_t rare : {0, 37, 211, 307}) {  // never; first at 1, 121, 260
    for (bool keep_going : {false, true}) {
      for (unsigned jobs : {2u, 3u}) {
        SCOPED_TRACE(::testing::Message() << "rare " << rare << " keep_going " << keep_going << " jobs " << jobs);
        compare_random_like(make, rare, 700, keep_going, Shard{}, jobs, 16);
        compare_random_like(make, rare, 701, keep_going, Shard{1, 3}, jobs, 5);
      }
    }
  }
}

TEST(ParallelExplore, PctMatchesOneThread) {
  auto make = [] { return std::make_unique<PctStrategy>(3, 3, 12); };
  for (std::uint64_t rare : {0, 211}) {
    for (bool keep_going : {false, true}) {
      SCOPED_TRACE(::testing::Message() << "rare " << rare << " keep_going " << keep_going);
      compare_random_like(make, rare, 500, keep_going, Shard{}, 2, 8);
    }
  }
}

TEST(ParallelExplore, ViolationFoundLateStillReportsTheLowestIndex) {
  // Small blocks, many threads: later blocks fail first in time, often.
  auto make = [] { return std::make_unique<RandomStrategy>(9); };
  compare_random_like(make, 151, 2000, false, Shard{}, 4, 1);  // first at 138
}

void compare_dfs(DfsOptions dfs, std::uint64_t rare, std::uint64_t schedules, bool keep_going, unsigned jobs) {
  std::mutex mutex;
  Outcome one;
  DfsStrategy strategy(dfs);
  one.result = explore(cells(rare), strategy, kHeader, options_for(schedules, keep_going, one, mutex));
  Outcome many;
  ParallelDfsSetup setup{.jobs = jobs, .options = dfs, .factory = [rare](std::uint64_t) { return cells(rare); }};
  many.result = explore_dfs_parallel(setup, kHeader, options_for(schedules, keep_going, many, mutex)).result;
  expect_same(one, many);
}

TEST(ParallelDfs, MatchesOneThread) {
  for (bool reduction : {true, false}) {
    for (std::uint64_t rare : {0, 61, 101, 211}) {  // never; first at 215, 38, 97
      for (bool keep_going : {false, true}) {
        SCOPED_TRACE(::testing::Message() << "reduction " << reduction << " rare " << rare << " keep_going "
                                          << keep_going);
        compare_dfs({.preemption_bound = 2, .reduction = reduction}, rare, 1'000'000, keep_going, 2);
        compare_dfs({.preemption_bound = 2, .reduction = reduction, .shard_index = 1, .shard_count = 3}, rare,
                    1'000'000, keep_going, 3);
      }
    }
  }
}

TEST(ParallelDfs, CutBySchedulesAnywhereMatchesOneThread) {
  // Every cut from 1 to past the end of the space: some fall inside a part,
  // some exactly where one ends (one thread stops before walking back).
  DfsOptions dfs{.preemption_bound = 1, .reduction = true};
  DfsStrategy whole(dfs);
  std::mutex mutex;
  Outcome all;
  const ExploreResult exhausted = explore(cells(0), whole, kHeader, options_for(1'000'000, true, all, mutex));
  ASSERT_TRUE(whole.statistics().exhausted);
  const std::uint64_t begun = exhausted.schedules_run + exhausted.schedules_abandoned;
  ASSERT_GT(begun, 20u);
  for (std::uint64_t cut = 1; cut <= begun + 1; ++cut) {
    SCOPED_TRACE(::testing::Message() << "cut " << cut);
    compare_dfs(dfs, 0, cut, false, 2);
  }
}

// A program that counts its own end, around cells().
class CountedProgram final : public Program {
 public:
  CountedProgram(std::unique_ptr<Program> inner, std::shared_ptr<std::uint64_t> ended)
      : inner_(std::move(inner)), ended_(std::move(ended)) {}
  ~CountedProgram() override { ++*ended_; }
  void start(Execution& exec) override { inner_->start(exec); }
  std::optional<Violation> check_step() override { return inner_->check_step(); }
  std::optional<Violation> check_quiescent() override { return inner_->check_quiescent(); }

 private:
  std::unique_ptr<Program> inner_;
  std::shared_ptr<std::uint64_t> ended_;
};

// What watches a program's end (the lockstep mirror compares the final
// tables there) has seen it when schedule_ran counts that schedule: the
// fidelity count once read the previous schedule's divergence.
TEST(ParallelExplore, ScheduleRanComesAfterItsProgramEnded) {
  for (unsigned jobs : {1u, 2u}) {
    SCOPED_TRACE(::testing::Message() << "jobs " << jobs);
    std::mutex mutex;
    auto made = std::make_shared<std::uint64_t>(0);
    auto ended = std::make_shared<std::uint64_t>(0);
    const ProgramFactory counted = [made, ended, &mutex]() -> std::unique_ptr<Program> {
      std::lock_guard lock(mutex);
      ++*made;
      return std::make_unique<CountedProgram>(cells(0)(), ended);
    };
    std::uint64_t calls = 0;
    ExploreOptions options;
    options.seed = 3;
    options.schedules = 50;
    options.schedule_ran = [&](std::uint64_t, const ChoiceVector&) {
      std::lock_guard lock(mutex);
      ++calls;
      if (jobs == 1) {
        EXPECT_EQ(*ended, *made) << "schedule_ran before its program ended";
      }
    };
    RandomStrategy strategy(3);
    if (jobs == 1) {
      explore(counted, strategy, kHeader, options);
    } else {
      ParallelSetup setup{.jobs = jobs, .block = 8, .strategy = [] { return std::make_unique<RandomStrategy>(3); },
                          .factory = [&counted](std::uint64_t) { return counted; }};
      explore_parallel(setup, kHeader, options);
      EXPECT_EQ(*ended, *made);
    }
    EXPECT_EQ(calls, 50u);
  }
}

}  // namespace
}  // namespace interleave
