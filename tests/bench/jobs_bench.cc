// Schedules per second with -j 1 and -j 2 side by side in one run, on the
// figure the exploration rate is judged by (two-actor tenant-slug-race
// fixed, random; and dfs with preemption bound 2), so that the -j 2 / -j 1
// ratio is taken under the same load:
//   build/tests/bench/interleave_bench --benchmark_filter=Jobs/
// Wall time (manual time = the exploration's elapsed_s), since the point of
// -j is the wall clock; CPU time would count one thread.

#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "app/exploration.h"
#include "tests/bench/bench_scenarios.h"

namespace interleave::bench {
namespace {

constexpr std::uint64_t kJobsSchedulesPerIteration = 20'000;

const scenarios::Scenario& two_actor_slug_race() {
  for (const ScenarioSet& set : scenario_sets()) {
    if (set.label != "two-actor") continue;
    for (const scenarios::Scenario& scenario : set.scenarios) {
      if (scenario.name == "tenant-slug-race") return scenario;
    }
  }
  throw std::runtime_error("no two-actor tenant-slug-race in tests/bench/two-actor");
}

void jobs(benchmark::State& state, const char* strategy) {
  app::ExplorationSettings settings;
  settings.strategy = strategy;
  settings.schedules = kJobsSchedulesPerIteration;
  settings.keep_going = true;
  settings.jobs = static_cast<unsigned>(state.range(0));
  std::uint64_t schedules = 0;
  for (auto _ : state) {
    ++settings.seed;  // fresh schedules every iteration (dfs: the same search)
    ExploreResult result = app::explore_variant(two_actor_slug_race(), "fixed", settings);
    state.SetIterationTime(result.elapsed_s);
    schedules += result.schedules_run + result.schedules_abandoned;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(schedules));
}

BENCHMARK_CAPTURE(jobs, two_actor_slug_race_fixed_random, "random")
    ->ArgName("j")
    ->Arg(1)
    ->Arg(2)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(jobs, two_actor_slug_race_fixed_dfs, "dfs")
    ->ArgName("j")
    ->Arg(1)
    ->Arg(2)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench
