#pragma once
// Shrinks a counterexample found in a scenario (DESIGN.md §3): fewest actors
// and operations, then fewest preemptions, then fewest faults, keeping the
// failure: the same verdict status, property and message shape (harness
// Failure), so a call that fails for want of what a dropped actor or fixture
// made does not pass for the race that was found.
//
// 1. The scenario: each argument with alternatives is fixed to the value the
//    schedule drew (the same run, fewer choices); then declared actors, and
//    then `given` fixtures, are dropped one at a time, last first, while the
//    smaller scenario still fails the same way. A smaller scenario needs a
//    schedule: first the current one with the dropped actor's choices (and
//    those of the workflows it started) taken out, followed by actor names
//    since ids move; if that no longer fails, a bounded number of seeded
//    schedules of the smaller scenario with at most 0, 1 or 2 preemptions
//    (and every fourth one unbounded).
// 2. The schedule of what is left: the harness's Shrinker (fewest
//    preemptions, then faults, then choices and steps).
// Every stage spends runs from one budget, so a shrink is bounded; the same
// inputs give the same shrunk trace, byte for byte. The result is checked to
// replay (ReplayStrategy, no divergence) from its own scenario text.
//
// Example:
//   ShrunkCounterexample shrunk = shrink_counterexample(scenario, "seed", *explored.trace);
//   save_trace_file(shrunk.trace, "trace.json");  // scenario_source set if actors went

#include <cstdint>
#include <stdexcept>
#include <string>

#include "harness/trace.h"
#include "model/world_observer.h"
#include "scenarios/scenario.h"

namespace interleave::scenarios {

struct CounterexampleSize {
  std::uint32_t actors = 0;      // declared actors (`actor` lines)
  std::uint32_t operations = 0;  // what the scenario runs: its actors' calls and its `given` fixtures
  std::uint64_t choices = 0;
  std::uint32_t steps = 0;
  std::uint32_t preemptions = 0;
  std::uint32_t faults = 0;
};

struct ShrunkCounterexample {
  Scenario scenario;  // what is left of the scenario
  // Fails like the original and replays; scenario_source holds the shrunk
  // scenario's text when it differs from the one given.
  Trace trace;
  CounterexampleSize original;
  CounterexampleSize shrunk;
  std::uint32_t runs = 0;  // schedules run while shrinking
};

struct ShrinkOptions {
  std::uint32_t max_runs = 3000;                    // the budget of schedules
  std::uint32_t search_schedules = 100;             // sampled per smaller scenario whose hint holds
  std::uint32_t preemption_search_schedules = 300;  // sampled for fewer preemptions
  // Shown every run's world (not owned), e.g. a ServerMirror: then a
  // fidelity divergence is a counterexample too, shrunk to the fewest
  // actors, operations and preemptions that still diverge the same way.
  model::WorldObserver* observer = nullptr;
};

// The shrinker met a trace it cannot work from, or produced one that does
// not replay: a bug, never a property of the code under test.
class ShrinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Requires: `scenario` is validated, `variant` is one of its variants, and
// `failing` is a recorded trace of them that ends in anything but holds (a
// divergence only with an observer that causes it).
// Throws ShrinkError when `failing` does not fail again the same way.
ShrunkCounterexample shrink_counterexample(const Scenario& scenario, const std::string& variant, const Trace& failing,
                                           const ShrinkOptions& options = {});

// The faults a recorded run injected: its fault events.
std::uint32_t count_faults(const Trace& trace);

}  // namespace interleave::scenarios
