#pragma once
// interleave fidelity: lockstep fuzzing of the model against a real
// PostgreSQL (DESIGN.md §7). Runs schedules of a scenario variant on both
// backends at once and tallies, per variant, the schedules run, those the
// server cannot follow (and the first reason), the races the application
// showed (not the point here), and the fidelity divergences, keeping the
// first one's trace, shrunk like a race (fewest actors, operations,
// preemptions that still diverge the same way on the server), so that it
// reads as the minimal permutation to add to the conformance suite. Every
// divergence is a defect of the model, to be fixed there.
//
// Example:
//   FidelityVariant result = run_fidelity(scenario, "alt", {.strategy = "pct", .schedules = 300}, "");
//   if (result.divergences > 0) write_trace_and_report(*result.first_divergence, "out/...");

#include <cstdint>
#include <optional>
#include <string>

#include "app/exploration.h"
#include "app/shrinking.h"
#include "harness/trace.h"
#include "scenarios/scenario.h"

namespace interleave::app {

struct FidelityVariant {
  std::string scenario;
  std::string variant;
  std::uint64_t schedules = 0;       // tried, followable or not
  std::uint64_t not_followable = 0;  // the server cannot be made to follow them (server_mirror.h)
  std::optional<std::string> not_followable_reason;  // the first one's
  std::uint64_t races = 0;           // schedules where a property of the application failed
  std::uint64_t divergences = 0;
  std::optional<std::string> first_divergence_message;  // as the server showed it
  std::optional<Trace> first_divergence;  // re-run with events, on both backends; shrunk when it could be
  std::optional<ShrinkReport> shrink;      // how far first_divergence was shrunk
  std::optional<std::string> shrink_failed;  // why it stays unshrunk (the server did not diverge again)
  double elapsed_s = 0;
};

// The shrink's budget of server schedules per divergence: far below a
// race's, a server schedule costs a hundred model schedules.
inline constexpr scenarios::ShrinkOptions kDivergenceShrink{
    .max_runs = 400, .search_schedules = 20, .preemption_search_schedules = 40};

// Runs `settings.schedules` schedules (random or pct) in lockstep on the
// server at `dsn` ("" = the PG* environment), and shrinks the first
// divergence unless told not to. Throws CommandError (kExitInfrastructure)
// when the server fails.
FidelityVariant run_fidelity(const scenarios::Scenario& scenario, const std::string& variant,
                             ExplorationSettings settings, const std::string& dsn, bool shrink = true);

}  // namespace interleave::app
