#pragma once
// The scenario a trace runs: the one it carries (a shrunk or generated
// scenario, in its "scenario_source" field), else the catalogue's of its
// name.

#include <string>

#include "harness/trace.h"
#include "scenarios/scenario.h"

namespace interleave::app {

// Throws CommandError(kExitBadInput) for an embedded scenario that does not
// parse or validate ("<trace path>: embedded scenario:LINE:COLUMN: ..."), that
// has another name than the trace's, or lacks the trace's variant; and for a
// catalogue that does not load or lacks the scenario or variant.
scenarios::Scenario scenario_for_trace(const Trace& trace, const std::string& trace_path,
                                       const std::string& catalogue_directory);

// Puts `scenario`'s text into the trace (unless it carries a shrunk one
// already), so a saved trace replays anywhere, without --scenarios, and an
// edited catalogue file does not change what it replays.
void embed_scenario(Trace& trace, const scenarios::Scenario& scenario);

}  // namespace interleave::app
