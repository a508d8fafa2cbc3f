// Exceptions thrown and heap allocations per schedule, on the figure the
// exploration rate is judged by (two-actor tenant-slug-race, random, run
// past violations), so that the cost of failure on the hot path is a count,
// not a guess:
//   build/tests/bench/interleave_bench --benchmark_filter=Cost/

#include <benchmark/benchmark.h>

#include <string>

#include "app/exploration.h"
#include "tests/bench/bench_scenarios.h"
#include "tests/bench/cost_counters.h"

namespace interleave::bench {
namespace {

constexpr std::uint64_t kCostSchedulesPerIteration = 2'000;

void cost_per_schedule(benchmark::State& state, const scenarios::Scenario* scenario, const std::string& variant) {
  if (!CostCounters::counting()) {
    state.SkipWithError("not counted under AddressSanitizer");
    return;
  }
  app::ExplorationSettings settings;
  settings.schedules = kCostSchedulesPerIteration;
  settings.keep_going = true;
  std::uint64_t schedules = 0;
  CostCounters spent;
  for (auto _ : state) {
    ++settings.seed;
    const CostCounters before = CostCounters::now();
    ExploreResult result = app::explore_variant(*scenario, variant, settings);
    const CostCounters after = CostCounters::now() - before;
    spent.throws += after.throws;
    spent.allocations += after.allocations;
    schedules += result.schedules_run;
  }
  const double per = schedules > 0 ? 1.0 / static_cast<double>(schedules) : 0.0;
  state.counters["throws_per_schedule"] = static_cast<double>(spent.throws) * per;
  state.counters["allocations_per_schedule"] = static_cast<double>(spent.allocations) * per;
}

const bool cost_benchmarks_registered = [] {
  for (const ScenarioSet& set : scenario_sets()) {
    if (set.label != "two-actor") continue;
    for (const scenarios::Scenario& scenario : set.scenarios) {
      if (scenario.name != "tenant-slug-race") continue;
      for (const std::string& variant : scenario.variants) {
        benchmark::RegisterBenchmark(("Cost/two-actor/tenant-slug-race/" + variant).c_str(), cost_per_schedule,
                                     &scenario, variant)
            ->Unit(benchmark::kMillisecond)
            ->Iterations(3);
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace interleave::bench
