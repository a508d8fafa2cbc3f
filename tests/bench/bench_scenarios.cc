#include "tests/bench/bench_scenarios.h"

#include <unistd.h>

#include <fstream>

#include "scenarios/catalogue.h"

namespace interleave::bench {

const std::vector<ScenarioSet>& scenario_sets() {
  static const std::vector<ScenarioSet> sets = {
      {"catalogue", scenarios::load_catalogue(scenarios::default_scenario_directory())},
      {"two-actor", scenarios::load_catalogue(INTERLEAVE_TWO_ACTOR_SCENARIOS)},
      // The same reports' services in Python (examples/python/): their rate
      // beside the C++ one, e.g. Schedules/(catalogue|python)/tenant-slug-race/fixed.
      {"python", scenarios::load_catalogue(INTERLEAVE_PYTHON_EXAMPLES)},
  };
  return sets;
}

std::vector<SeedRace> seed_races() {
  std::vector<SeedRace> races;
  for (const ScenarioSet& set : scenario_sets()) {
    for (const scenarios::Scenario& scenario : set.scenarios) {
      if (scenario.report.size() != 3 || scenario.report < "000" || scenario.report > "004") continue;
      for (const scenarios::Expectation& expected : scenario.expectations) {
        if (!expected.holds) races.push_back({set.label, &scenario, expected.variant});
      }
    }
  }
  return races;
}

std::uint64_t resident_kib() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0, resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)) / 1024;
}

}  // namespace interleave::bench
