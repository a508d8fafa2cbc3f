#pragma once
// The trace: everything needed to re-run a schedule and to explain it.
// Versioned JSON; the settings travel with the steps, so replay rebuilds the
// run from the file alone.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/choice.h"
#include "harness/execution.h"
#include "harness/verdict.h"

namespace interleave {

// Version 2 added "scenario_hash" and "scenario_folder"; version 1 traces
// still load (their scenario is then the catalogue's, unchecked).
inline constexpr int kTraceVersion = 2;
inline constexpr int kOldestTraceVersion = 1;
inline constexpr std::string_view kTraceFormat = "interleave-trace";

struct Trace {
  std::string scenario;
  std::string variant;
  std::string title;          // the scenario's title, for reports
  std::string report;         // id of the incident report the scenario reproduces
  std::string strategy;       // the strategy that found the schedule
  std::uint64_t seed = 0;
  std::uint64_t schedule = 0;  // index of the schedule within its exploration
  ExecutionLimits limits;
  std::vector<ActorInfo> actors;
  ChoiceVector choices;
  std::vector<Event> events;
  Verdict verdict;
  // The scenario's own text when it is not the catalogue's (a shrunk
  // counterexample lost actors; a test generated it), so replay needs no
  // catalogue. Empty otherwise. Opaque to the harness.
  std::string scenario_source;
  // "sha256:HEX" of the scenario the run started from (before shrinking), as
  // interleave writes it, so replay can tell that the scenario of that name
  // has changed since. Empty when unknown (version 1, a scenario built in
  // code). Opaque to the harness.
  std::string scenario_hash;
  // The --scenarios folder the scenario came from, when not the catalogue's,
  // so printed commands that search again name it. Empty otherwise.
  std::string scenario_folder;
};

// A malformed trace: says which file, where in it, and what is wrong.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A re-run of a trace (a replay, a shrunk schedule) is about the same thing:
// copies scenario, variant, title, report, strategy, seed, schedule and
// where the scenario came from (hash, folder).
void copy_identity(const Trace& from, Trace& to);

nlohmann::ordered_json to_json(const Trace& trace);
// Serialized form written to files: stable key order, two-space indent, one
// trailing newline. Same trace, same bytes.
std::string serialize(const Trace& trace);
// `source` names the input in error messages (a path, or "<stdin>").
Trace parse_trace(std::string_view text, std::string_view source);
Trace load_trace_file(const std::string& path);
void save_trace_file(const Trace& trace, const std::string& path);

}  // namespace interleave
