// dfs's promises: within the preemption bound every schedule runs exactly
// once, rounds run by increasing preemptions, shards split the schedules
// without overlap or gap, and the sleep-set reduction loses no outcome
// while running fewer schedules.

#include "harness/dfs_strategy.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/execution.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

using test_support::LambdaProgram;

struct DfsRun {
  ChoiceVector choices;
  std::uint32_t preemptions;
};

// Every schedule dfs runs to the end (pruned ones left out), in order.
// `observe` is called after each complete run; `abandoned` counts the
// schedules dfs cut short.
std::vector<DfsRun> run_all(const std::function<std::unique_ptr<Program>()>& make, DfsStrategy& dfs,
                         const std::function<void()>& observe = {}, std::uint64_t* abandoned = nullptr) {
  std::vector<DfsRun> runs;
  for (std::uint64_t index = 0; dfs.begin_schedule(index); ++index) {
    auto program = make();
    Execution exec(dfs, {}, /*record_events=*/false);
    exec.run(*program);
    if (exec.verdict().status == VerdictStatus::kAbandoned && abandoned) ++*abandoned;
    if (exec.verdict().status == VerdictStatus::kAbandoned || !dfs.owns_schedule()) continue;
    EXPECT_EQ(exec.verdict().status, VerdictStatus::kHolds);
    runs.push_back({exec.choices(), exec.preemptions()});
    if (observe) observe();
  }
  EXPECT_TRUE(dfs.statistics().exhausted);
  return runs;
}

// Two actors of `steps` steps each; step i of an actor touches what
// `touches(actor, i)` says (nothing by default).
std::function<std::unique_ptr<Program>()> two_actors(
    int steps, std::function<void(Execution&, int, int)> touches = [](Execution&, int, int) {}) {
  return [steps, touches] {
    auto body = [steps, touches](int actor) {
      return [steps, touches, actor](Execution& exec) {
        for (int step = 0; step < steps; ++step) {
          exec.scheduling_point();  // the first returns at once: the choice that started us
          touches(exec, actor, step);
        }
      };
    };
    return std::make_unique<LambdaProgram>(
        std::vector<std::pair<std::string, LambdaProgram::Body>>{{"a", body(0)}, {"b", body(1)}});
  };
}

// The oracle: interleavings of two actors of n steps with at most `bound`
// switches away from an actor that had steps left.
int interleavings_within(int n, int bound) {
  int count = 0;
  for (unsigned mask = 0; mask < (1u << (2 * n)); ++mask) {
    if (__builtin_popcount(mask) != n) continue;
    int left[2] = {n, n};
    int preemptions = 0;
    int previous = -1;
    for (int i = 0; i < 2 * n; ++i) {
      int actor = (mask >> i) & 1;
      if (previous >= 0 && actor != previous && left[previous] > 0) ++preemptions;
      --left[actor];
      previous = actor;
    }
    if (preemptions <= bound) ++count;
  }
  return count;
}

TEST(DfsStrategy, RunsEveryScheduleWithinTheBoundExactlyOnce) {
  for (std::uint32_t bound = 0; bound <= 5; ++bound) {
    DfsStrategy dfs({.preemption_bound = bound, .reduction = false});
    auto runs = run_all(two_actors(3), dfs);
    std::set<std::string> distinct;
    for (const DfsRun& run : runs) {
      std::string text;
      for (const Choice& choice : run.choices) text += to_string(choice) + " ";
      distinct.insert(text);
      EXPECT_LE(run.preemptions, bound);
    }
    EXPECT_EQ(static_cast<int>(runs.size()), interleavings_within(3, static_cast<int>(bound))) << "bound " << bound;
    EXPECT_EQ(distinct.size(), runs.size()) << "a schedule ran twice, bound " << bound;
  }
}

TEST(DfsStrategy, RoundsRunByIncreasingPreemptions) {
  DfsStrategy dfs({.preemption_bound = 3, .reduction = false});
  auto runs = run_all(two_actors(4), dfs);
  ASSERT_FALSE(runs.empty());
  for (std::size_t i = 1; i < runs.size(); ++i) {
    EXPECT_LE(runs[i - 1].preemptions, runs[i].preemptions) << "schedule " << i;
  }
  EXPECT_EQ(runs.back().preemptions, 3u);
}

TEST(DfsStrategy, IndependentActorsNeedOneSchedule) {
  auto disjoint = [](Execution& exec, int actor, int) {
    exec.touch(resource_id(ResourceKind::kTest, static_cast<std::uint64_t>(actor)), Access::kWrite);
  };
  DfsStrategy plain({.preemption_bound = 6, .reduction = false});
  DfsStrategy reduced({.preemption_bound = 6, .reduction = true});
  EXPECT_EQ(run_all(two_actors(3, disjoint), plain).size(), 20u);  // C(6, 3)
  std::uint64_t abandoned = 0;
  EXPECT_EQ(run_all(two_actors(3, disjoint), reduced, {}, &abandoned).size(), 1u);
  EXPECT_GT(reduced.statistics().pruned_branches + abandoned, 0u);
}

TEST(DfsStrategy, ReadersCommuteWritersDoNot) {
  auto reads = [](Execution& exec, int, int) { exec.touch(resource_id(ResourceKind::kTest, 0), Access::kRead); };
  auto writes = [](Execution& exec, int, int) { exec.touch(resource_id(ResourceKind::kTest, 0), Access::kWrite); };
  DfsStrategy readers({.preemption_bound = 6});
  DfsStrategy writers({.preemption_bound = 6});
  EXPECT_EQ(run_all(two_actors(3, reads), readers).size(), 1u);
  EXPECT_EQ(run_all(two_actors(3, writes), writers).size(), 20u);
}

TEST(DfsStrategy, ShardsSplitTheSchedulesExactly) {
  auto collect = [](std::uint32_t index, std::uint32_t count) {
    DfsStrategy dfs({.preemption_bound = 3, .reduction = false, .shard_index = index, .shard_count = count});
    std::multiset<std::string> texts;
    for (const DfsRun& run : run_all(two_actors(4), dfs)) {
      std::string text;
      for (const Choice& choice : run.choices) text += to_string(choice) + " ";
      texts.insert(text);
    }
    return texts;
  };
  const std::multiset<std::string> whole = collect(0, 1);
  for (std::uint32_t count : {2u, 3u, 5u}) {
    std::multiset<std::string> united;
    for (std::uint32_t index = 0; index < count; ++index) {
      auto part = collect(index, count);
      EXPECT_FALSE(part.empty()) << index << "/" << count;
      united.insert(part.begin(), part.end());
    }
    EXPECT_EQ(united, whole) << count << " shards";
  }
}

// A random little program: actors whose steps read or write a few shared
// cells. Writes append the actor's mark to the cell; reads note what the
// cell holds. The outcome (what each actor read, what each cell holds at
// the end) depends only on the order of conflicting steps, so the reduced
// search must meet exactly the outcomes the plain one meets.
struct StepSpec {
  int cell;
  bool write;
};
using ActorSpec = std::vector<StepSpec>;

std::set<std::string> outcomes(const std::vector<ActorSpec>& actors, bool reduction, std::size_t* schedules) {
  std::vector<std::string> cells(3);
  std::vector<std::string> seen(actors.size());
  auto make = [&] {
    std::fill(cells.begin(), cells.end(), std::string());
    std::fill(seen.begin(), seen.end(), std::string());
    std::vector<std::pair<std::string, LambdaProgram::Body>> bodies;
    for (std::size_t a = 0; a < actors.size(); ++a) {
      bodies.emplace_back("actor-" + std::to_string(a), [&, a](Execution& exec) {
        for (const StepSpec& step : actors[a]) {
          exec.scheduling_point();
          const auto cell = static_cast<std::uint64_t>(step.cell);
          exec.touch(resource_id(ResourceKind::kTest, cell), step.write ? Access::kWrite : Access::kRead);
          if (step.write) {
            cells[cell] += static_cast<char>('a' + a);
          } else {
            seen[a] += cells[cell] + "|";
          }
        }
      });
    }
    return std::make_unique<LambdaProgram>(std::move(bodies));
  };
  std::set<std::string> found;
  DfsStrategy dfs({.preemption_bound = 12, .reduction = reduction});
  auto runs = run_all(make, dfs, [&] {
    std::string outcome;
    for (const std::string& each : seen) outcome += each + ";";
    for (const std::string& cell : cells) outcome += cell + ";";
    found.insert(outcome);
  });
  *schedules = runs.size();
  return found;
}

RC_GTEST_PROP(DfsStrategy, SleepSetsMeetEveryOutcomeOfThePlainSearch, ()) {
  const auto actors = *rc::gen::container<std::vector<ActorSpec>>(
      *rc::gen::inRange<std::size_t>(2, 4),
      rc::gen::container<ActorSpec>(
          *rc::gen::inRange<std::size_t>(1, 4),
          rc::gen::construct<StepSpec>(rc::gen::inRange(0, 3), rc::gen::arbitrary<bool>())));
  std::size_t plain_schedules = 0;
  std::size_t reduced_schedules = 0;
  const auto plain = outcomes(actors, false, &plain_schedules);
  const auto reduced = outcomes(actors, true, &reduced_schedules);
  RC_ASSERT(plain == reduced);
  RC_ASSERT(reduced_schedules <= plain_schedules);
  RC_TAG(reduced_schedules < plain_schedules ? "reduced" : "nothing to reduce");
}

}  // namespace
}  // namespace interleave
