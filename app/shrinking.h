#pragma once
// explore and hunt shrink every violation before they save it (unless
// --no-shrink): the saved trace is the shrunk one, and the original and
// shrunk sizes are reported.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/explorer.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_shrinker.h"

namespace interleave::app {

struct ShrinkReport {
  scenarios::CounterexampleSize original;
  scenarios::CounterexampleSize shrunk;
  std::uint32_t runs = 0;
  double elapsed_s = 0;  // statistics only
};

// Replaces `result.trace` by its shrunk form; nullopt when nothing failed.
// Throws CommandError(kExitInfrastructure) when the shrinker fails: that is a
// bug in the harness or the model, never a property of the code under test.
std::optional<ShrinkReport> shrink_found_violation(const scenarios::Scenario& scenario, const std::string& variant,
                                                   ExploreResult& result);

// {"original": {actors, operations, choices, steps, preemptions, faults},
//  "shrunk": {...}, "runs": N, "elapsed_s": S}
nlohmann::ordered_json shrink_json(const ShrinkReport& report);
// "actors 3 -> 2, operations 3 -> 2, choices 25 -> 12, ..."
std::string shrink_text(const ShrinkReport& report);

}  // namespace interleave::app
