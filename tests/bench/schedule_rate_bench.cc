// Schedules per second of every scenario variant, random strategy, as
// `interleave explore` runs them (run past violations, so a failing variant
// runs as many schedules as one that holds):
//   build/tests/bench/interleave_bench --benchmark_filter=Schedules/
// The two-actor tenant-slug-race's fixed variant is the figure the
// exploration rate is judged by.

#include <benchmark/benchmark.h>

#include <string>

#include "app/exploration.h"
#include "tests/bench/bench_scenarios.h"

namespace interleave::bench {
namespace {

constexpr std::uint64_t kRateSchedulesPerIteration = 2'000;

void schedules_per_second(benchmark::State& state, const scenarios::Scenario* scenario, const std::string& variant) {
  app::ExplorationSettings settings;
  settings.schedules = kRateSchedulesPerIteration;
  settings.keep_going = true;
  std::uint64_t schedules = 0;
  for (auto _ : state) {
    ++settings.seed;  // fresh schedules every iteration
    ExploreResult result = app::explore_variant(*scenario, variant, settings);
    state.SetIterationTime(result.elapsed_s);
    schedules += result.schedules_run;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(schedules));
}

const bool rate_benchmarks_registered = [] {
  for (const ScenarioSet& set : scenario_sets()) {
    for (const scenarios::Scenario& scenario : set.scenarios) {
      for (const std::string& variant : scenario.variants) {
        benchmark::RegisterBenchmark(("Schedules/" + set.label + "/" + scenario.name + "/" + variant).c_str(),
                                     schedules_per_second, &scenario, variant)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace interleave::bench
