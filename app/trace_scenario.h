#pragma once
// The scenario a trace runs: the one it carries (a shrunk or generated
// scenario, in its "scenario_source" field), else the catalogue's of its
// name.

#include <optional>
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
// edited catalogue file does not change what it replays; and its hash, so
// replay can tell when the scenario of that name has changed since. A
// `catalogue_directory` other than the default is recorded too, so the
// reports' "explore again" commands name it.
void embed_scenario(Trace& trace, const scenarios::Scenario& scenario, const std::string& catalogue_directory);

// "sha256:HEX" of the scenario as interleave writes it: comments, spacing
// and the order of equal lines in its file do not count. Empty for a
// scenario that cannot be written (built in code).
std::string scenario_hash(const scenarios::Scenario& scenario);

// When the trace records the hash of its scenario and `catalogue_directory`
// has a scenario of that name with another hash: what changed, and what
// replay runs instead (the scenario the trace carries, or for a trace that
// carries none, the changed one). Nullopt otherwise (the same, no hash, or
// no such scenario there).
std::optional<std::string> scenario_change(const Trace& trace, const std::string& catalogue_directory);

// For a divergence of a trace that carries neither its scenario nor its
// hash (format version 1): the likely cause it cannot check. Empty otherwise.
std::string unchecked_scenario_hint(const Trace& trace);

}  // namespace interleave::app
