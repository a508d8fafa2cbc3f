#pragma once
// Turns a scenario and a variant into what the harness runs: a fresh world
// per schedule, one actor per declared actor, and the scenario's properties
// as the oracle.

#include <memory>
#include <string>

#include "harness/explorer.h"
#include "scenarios/scenario.h"

namespace interleave::scenarios {

// Requires: `scenario` is validated and outlives the factory; `variant` is
// one of its variants.
ProgramFactory program_factory(const Scenario& scenario, const std::string& variant);

TraceHeader trace_header(const Scenario& scenario, const std::string& variant);

}  // namespace interleave::scenarios
