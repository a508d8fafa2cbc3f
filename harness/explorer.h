#pragma once
// Runs many schedules of a program and stops at the first that violates a
// property; replays a trace and reports where it diverges.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "harness/execution.h"
#include "harness/program.h"
#include "harness/shard.h"
#include "harness/strategy.h"
#include "harness/trace.h"

namespace interleave {

using ProgramFactory = std::function<std::unique_ptr<Program>()>;

// What a trace is about, apart from its schedule.
struct TraceHeader {
  std::string scenario;
  std::string variant;
  std::string title;
  std::string report;

  void apply_to(Trace& trace) const {
    trace.scenario = scenario;
    trace.variant = variant;
    trace.title = title;
    trace.report = report;
  }
};

struct ExploreOptions {
  std::uint64_t seed = 0;
  // Indices below this; for a strategy without indexed schedules (dfs), this
  // many schedules run to their end (abandoned ones do not count).
  std::uint64_t schedules = 1000;
  ExecutionLimits limits;
  // Called every `progress_every` schedules with the number run so far.
  std::function<void(std::uint64_t)> progress;
  std::uint64_t progress_every = 10'000;
  // Runs only the schedule indices below `schedules` that the shard owns;
  // strategies whose schedule i depends only on (seed, i) split this way.
  Shard shard;
  // Called with each schedule run (index, choices), in index order.
  std::function<void(std::uint64_t, const ChoiceVector&)> schedule_ran;
  // Run on past the first failure, counting them (the first is kept).
  bool keep_going = false;
  // Asked before each schedule; true ends the search early (Ctrl-C), and the
  // result says it was interrupted.
  std::function<bool()> stop_requested;
  // Record every schedule's events and keep the failing one as it ran,
  // instead of re-running it with recording: for runs that are not
  // repeatable, such as those mirrored on a real server, whose timing may
  // go another way the second time.
  bool record_events = false;
};

struct ExploreResult {
  std::uint64_t schedules_run = 0;
  // Begun but not results: given up by the strategy's reduction (covered by
  // others), or not followable by a second backend in lockstep.
  std::uint64_t schedules_abandoned = 0;
  std::uint64_t schedules_not_replayable = 0;
  std::uint64_t violations = 0;        // schedules that did not hold
  std::optional<std::uint64_t> first_failure_at;  // schedule index
  std::optional<Trace> trace;                    // of the first failure, with events
  double elapsed_s = 0;
  nlohmann::ordered_json strategy_statistics;  // what the strategy says of its search (null: nothing)
  bool interrupted = false;                    // stop_requested ended the search
};

// Raised when re-running a schedule with its own choices gives another
// verdict: something outside the schedule influenced the run.
class NondeterminismError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Explores with `strategy` until a schedule ends in anything but "holds".
// The failing schedule is re-run with event recording (exploration records
// choices only) and must give the same verdict.
ExploreResult explore(const ProgramFactory& factory, Strategy& strategy, const TraceHeader& header,
                      const ExploreOptions& options);

// Runs one schedule from a choice vector, recording events.
Trace run_recorded(const ProgramFactory& factory, const ChoiceVector& choices,
                   const ExecutionLimits& limits);

// The events of a schedule that recorded them, as a trace without header.
Trace capture_events(const Execution& exec, const ExecutionLimits& limits);

// Re-runs failing schedule `index` with recording; throws NondeterminismError
// when the re-run does not end in the same verdict.
Trace rerun_failure(const ProgramFactory& factory, const ChoiceVector& choices, const Verdict& verdict,
                    std::uint64_t index, const ExecutionLimits& limits);

struct ReplayResult {
  Trace replayed;                         // what this run produced
  std::optional<std::string> divergence;  // first difference from the trace
  // The trace ended in a divergence from a second backend (PostgreSQL in
  // lockstep) and this run did the same up to that point: replayed holds
  // the trace's events and verdict.
  bool reached_divergence_point = false;
};

// Re-executes `trace` and compares event by event.
ReplayResult replay(const ProgramFactory& factory, const Trace& trace);

}  // namespace interleave
