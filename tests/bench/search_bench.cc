// How good the search is, as counters of single runs (Iterations(1): these
// are counts, not times):
//   build/tests/bench/interleave_bench --benchmark_filter='FirstViolation|Exhaust|Memory'
//
// FirstViolation/<set>/<scenario>/<variant>/<strategy>: schedules run until
//   the race showed (1 = the first schedule), median and worst over 50
//   seeds, with at most 1,000 schedules each; `found` counts the seeds that
//   found it. For pct, `pct_bound` is n·k^(d−1), the schedules PCT's
//   guarantee (probability ≥ 1/(n·k^(d−1)) per schedule) promises in
//   expectation, with n the actors and k the scheduling decisions of one
//   schedule.
// Exhaust/<set>/<scenario>/<variant>: dfs with preemption bound 2, sleep sets
//   against plain bounded DFS: schedules each, the fraction reduction saved,
//   whether the space was exhausted; the time is the reduced search's.
// Memory/...: resident memory after 10,000 and after 1,000,000 schedules.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/exploration.h"
#include "harness/random_strategy.h"
#include "scenarios/scenario_program.h"
#include "tests/bench/bench_scenarios.h"

namespace interleave::bench {
namespace {

constexpr std::uint64_t kSeeds = 50;
constexpr std::uint64_t kScheduleBudget = 1'000;

struct Strategy {
  std::string label;
  std::string name;
  std::uint32_t depth = 0;
};
const std::vector<Strategy> kStrategies = {
    {"random", "random"}, {"pct-d1", "pct", 1}, {"pct-d2", "pct", 2}, {"pct-d3", "pct", 3}, {"dfs-pb2", "dfs"}};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

void schedules_to_first_violation(benchmark::State& state, const SeedRace& race, const Strategy& strategy) {
  app::ExplorationSettings settings;
  settings.strategy = strategy.name;
  settings.depth = strategy.depth;
  settings.preemption_bound = 2;
  settings.schedules = kScheduleBudget;
  // dfs does not draw: its one search is the same for every seed.
  const std::uint64_t seeds = strategy.name == "dfs" ? 1 : kSeeds;
  std::vector<double> needed;
  std::uint64_t found = 0;
  for (auto _ : state) {
    double elapsed = 0;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      settings.seed = seed;
      ExploreResult result = app::explore_variant(*race.scenario, race.variant, settings);
      elapsed += result.elapsed_s;
      if (result.first_failure_at) ++found;
      needed.push_back(result.first_failure_at ? static_cast<double>(*result.first_failure_at + 1)
                                               : static_cast<double>(kScheduleBudget + 1));
    }
    state.SetIterationTime(elapsed);
  }
  state.counters["seeds"] = static_cast<double>(seeds);
  state.counters["found"] = static_cast<double>(found);
  state.counters["median"] = median(needed);
  state.counters["worst"] = *std::max_element(needed.begin(), needed.end());
  if (strategy.name == "pct") {
    const app::ScheduleShape shape = app::probe_schedule(scenarios::program_factory(*race.scenario, race.variant), {});
    const double bound = static_cast<double>(shape.actors) *
                         std::pow(static_cast<double>(shape.decisions), strategy.depth - 1.0);
    state.counters["pct_bound"] = bound;
    state.counters["median_within_bound"] = median(needed) <= bound;
  }
}

ExploreResult dfs(const scenarios::Scenario& scenario, const std::string& variant, bool reduction) {
  app::ExplorationSettings settings;
  settings.strategy = "dfs";
  settings.preemption_bound = 2;
  settings.reduction = reduction;
  settings.keep_going = true;
  settings.schedules = app::kDfsScheduleCap;
  return app::explore_variant(scenario, variant, settings);
}

void exhaust_with_reduction(benchmark::State& state, const scenarios::Scenario* scenario, const std::string& variant) {
  ExploreResult reduced, plain;
  for (auto _ : state) {
    reduced = dfs(*scenario, variant, true);
    state.SetIterationTime(reduced.elapsed_s);
  }
  plain = dfs(*scenario, variant, false);
  state.counters["schedules"] = static_cast<double>(reduced.schedules_run);
  state.counters["plain_schedules"] = static_cast<double>(plain.schedules_run);
  state.counters["saved"] = 1.0 - static_cast<double>(reduced.schedules_run) / static_cast<double>(plain.schedules_run);
  state.counters["plain_s"] = plain.elapsed_s;
  state.counters["exhausted"] = reduced.strategy_statistics.value("exhausted", false) &&
                                plain.strategy_statistics.value("exhausted", false);
}

// One million schedules in one process: resident memory must not grow with
// the schedules run (every schedule frees what it made).
void memory_per_schedule(benchmark::State& state, const scenarios::Scenario* scenario, const std::string& variant) {
  constexpr std::uint64_t kSchedules = 1'000'000;
  std::uint64_t at_10k = 0, at_end = 0;
  for (auto _ : state) {
    auto factory = scenarios::program_factory(*scenario, variant);
    RandomStrategy strategy(1);
    ExploreOptions options;
    options.schedules = kSchedules;
    options.progress_every = 10'000;
    options.progress = [&](std::uint64_t done) {
      if (done == 10'000) at_10k = resident_kib();
    };
    ExploreResult result = explore(factory, strategy, scenarios::trace_header(*scenario, variant), options);
    at_end = resident_kib();
    state.SetIterationTime(result.elapsed_s);
    if (result.schedules_run != kSchedules) state.SkipWithError("the variant failed before a million schedules");
  }
  state.counters["rss_kib_at_10k"] = static_cast<double>(at_10k);
  state.counters["rss_kib_at_1M"] = static_cast<double>(at_end);
  state.counters["growth_kib"] = static_cast<double>(at_end) - static_cast<double>(at_10k);
}

const bool search_benchmarks_registered = [] {
  static const std::vector<SeedRace> races = seed_races();
  for (const SeedRace& race : races) {
    for (const Strategy& strategy : kStrategies) {
      benchmark::RegisterBenchmark(("FirstViolation/" + race.set + "/" + race.scenario->name + "/" + race.variant +
                                    "/" + strategy.label)
                                       .c_str(),
                                   schedules_to_first_violation, race, strategy)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (const ScenarioSet& set : scenario_sets()) {
    if (set.label != "two-actor") continue;
    for (const scenarios::Scenario& scenario : set.scenarios) {
      for (const std::string& variant : scenario.variants) {
        benchmark::RegisterBenchmark(("Exhaust/" + set.label + "/" + scenario.name + "/" + variant).c_str(),
                                     exhaust_with_reduction, &scenario, variant)
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
      }
      if (scenario.name == "tenant-slug-race") {
        benchmark::RegisterBenchmark("Memory/two-actor/tenant-slug-race/fixed", memory_per_schedule, &scenario,
                                     std::string("fixed"))
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kSecond);
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace interleave::bench
