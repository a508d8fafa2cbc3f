#pragma once
// The main job: every variant of a catalogue explored, its violation shrunk
// and searched again by pct and dfs, its trace and reports written, and with
// --confirm-postgres replayed on a real server.
//
// Variants run `jobs` at a time, each on a thread of its own with its own
// scheduler and world; their hunts come back in catalogue order, so what is
// printed and written is the same for any number of jobs. A catalogue with a
// Python service runs one variant at a time: CPython runs on the thread
// that started it.
//
// Example:
//   hunt(catalogue, settings, [&](VariantHunt& hunted) { print(hunted); return true; });

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/exploration.h"
#include "app/postgres_confirmation.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_program.h"

namespace interleave::app {

struct HuntSettings {
  // Of each variant's exploration; `jobs` are variants side by side (each
  // variant's own exploration runs on one thread), `meter` shows the variant
  // running when there is one at a time.
  ExplorationSettings exploration;
  std::string out;                 // the folder for each race's trace and reports
  std::string catalogue_directory;  // recorded in traces (app/trace_scenario.h)
  bool no_shrink = false;
  bool confirm_postgres = false;
  std::string dsn;
  std::uint64_t postgres_samples = 8;
};

struct VariantHunt {
  const scenarios::Scenario* scenario = nullptr;
  std::string variant;
  ExploreResult result;
  std::shared_ptr<scenarios::ScenarioTally> tally;
  std::string verdict;       // "holds", "fails unique-slugs", "deadlock", ...
  bool as_expected = false;  // the verdict the catalogue expects
  nlohmann::ordered_json row;  // its entry in summary.json
  std::optional<Confirmation> confirmation;  // with confirm_postgres
};

// The verdict as the hunt table prints it.
std::string verdict_text(const ExploreResult& result);

// Hunts every variant of `catalogue` and calls `hunted` with each, in
// catalogue order, on the calling thread. Stops early, without calling it
// for the rest, when `hunted` returns false or a stop is requested
// (settings.exploration.stop_requested: a variant cut short is not
// reported). What a variant's hunt throws is rethrown here in its turn,
// after the threads have stopped.
void hunt(const std::vector<scenarios::Scenario>& catalogue, const HuntSettings& settings,
          const std::function<bool(VariantHunt&)>& hunted);

}  // namespace interleave::app
