#pragma once
// What the benchmarks run: the shipped catalogue and the two-actor forms of
// the seed races (tests/bench/two-actor/), the seed races among them, and
// the process's resident memory.

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/scenario.h"

namespace interleave::bench {

struct ScenarioSet {
  std::string label;  // "catalogue" or "two-actor", the benchmark name's first part
  std::vector<scenarios::Scenario> scenarios;
};

// Both folders, loaded once; a bad file ends the benchmark run with its error.
const std::vector<ScenarioSet>& scenario_sets();

// A variant the catalogue expects to fail, in one of the five reports'
// scenarios (report 000 to 004): a race the search must find.
struct SeedRace {
  std::string set;
  const scenarios::Scenario* scenario;
  std::string variant;
};
std::vector<SeedRace> seed_races();

// Resident set size now, in KiB (/proc/self/statm), not the peak: a leak
// shows as growth between two readings.
std::uint64_t resident_kib();

}  // namespace interleave::bench
