// Actors run on pooled fibers (harness/fiber_runtime.h): a schedule reuses
// the fibers of the one before, and an execution that never ran hands its
// actors' fibers back without running their bodies. A fiber's stack ends in
// a guard page.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "harness/fiber_runtime.h"
#include "harness/random_strategy.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

using test_support::LambdaProgram;

LambdaProgram three_stepping_actors(std::string& log) {
  auto body = [&log](char tag) {
    return [&log, tag](Execution& exec) {
      for (int i = 0; i < 3; ++i) {
        exec.scheduling_point();
        log.push_back(tag);
      }
    };
  };
  return LambdaProgram({{"a", body('a')}, {"b", body('b')}, {"c", body('c')}});
}

// On a thread of its own, so the pool starts empty and ends with the thread.
template <typename Body>
void on_new_thread(Body body) {
  std::thread thread(body);
  thread.join();
}

VerdictStatus run_schedule(RandomStrategy& strategy, std::uint64_t index, Program& program) {
  strategy.begin_schedule(index);
  Execution exec(strategy, {}, false);
  exec.run(program);
  return exec.verdict().status;
}

TEST(FiberPool, ManySchedulesReuseAsManyFibersAsActorsRanAtOnce) {
  on_new_thread([] {
    RandomStrategy strategy(3);
    for (std::uint64_t i = 0; i < 100; ++i) {
      std::string log;
      LambdaProgram program = three_stepping_actors(log);
      ASSERT_EQ(run_schedule(strategy, i, program), VerdictStatus::kHolds);
      ASSERT_EQ(log.size(), 9u);
    }
    EXPECT_EQ(FiberRuntime::this_thread().fibers(), 3u);
  });
}

TEST(FiberPool, AnActorSpawnedByAnActorTakesAFiberTheFinishedOneGaveBack) {
  on_new_thread([] {
    RandomStrategy strategy(5);
    std::vector<std::string> ran;
    LambdaProgram program({{"parent", [&ran](Execution& exec) {
                              ran.push_back("parent");
                              exec.spawn({.name = "child", .kind = "test"}, [&ran] { ran.push_back("child"); });
                            }}});
    for (std::uint64_t i = 0; i < 10; ++i) ASSERT_EQ(run_schedule(strategy, i, program), VerdictStatus::kHolds);
    EXPECT_EQ(ran.size(), 20u);
    EXPECT_LE(FiberRuntime::this_thread().fibers(), 2u);
  });
}

TEST(FiberPool, AnExecutionThatNeverRanGivesItsFibersBackWithoutRunningTheBodies) {
  on_new_thread([] {
    RandomStrategy strategy(1);
    bool body_ran = false;
    {
      strategy.begin_schedule(0);
      Execution never_run(strategy, {}, false);
      never_run.spawn({.name = "a", .kind = "test"}, [&body_ran] { body_ran = true; });
      never_run.spawn({.name = "b", .kind = "test"}, [&body_ran] { body_ran = true; });
    }
    EXPECT_FALSE(body_ran);
    // The next execution on the thread runs on the same two fibers.
    std::string log;
    LambdaProgram program = three_stepping_actors(log);
    EXPECT_EQ(run_schedule(strategy, 1, program), VerdictStatus::kHolds);
    EXPECT_EQ(log.size(), 9u);
    EXPECT_EQ(FiberRuntime::this_thread().fibers(), 3u);
  });
}

// Recursion `depth` frames of 1 KiB deep: 320 is just past a 256 KiB fiber stack.
[[gnu::noinline]] int recurse(int depth) {
  if (depth == 0) return 0;
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  return recurse(depth - 1) + frame[0];  // not a tail call: every frame stays
}

TEST(FiberPool, AnActorThatOverflowsItsStackStopsAtTheGuardPage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // Without the guard page the frames would run on into the memory below
  // (another pooled fiber's stack) and the actor would end as if nothing
  // happened: _Exit(0) is no death.
  EXPECT_DEATH(
      {
        RandomStrategy strategy(1);
        auto parks = [](Execution& exec) { exec.scheduling_point(); };
        LambdaProgram program({{"a", parks},
                               {"b", parks},
                               {"deep", [](Execution&) {
                                  (void)recurse(320);
                                  std::_Exit(0);
                                }}});
        run_schedule(strategy, 0, program);
      },
      "");
}

}  // namespace
}  // namespace interleave
