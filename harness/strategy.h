#pragma once
// The strategy decides; the scheduler asks. Three calls, as in Shuttle's
// scheduler trait: begin an execution, pick the next actor, draw a number.

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/choice.h"
#include "harness/footprint.h"

namespace interleave {

class Strategy {
 public:
  virtual ~Strategy() = default;

  // Prepares execution number `index` of a run. Returns false when the
  // strategy has nothing left to explore.
  virtual bool begin_execution(std::uint64_t index) = 0;

  // Chooses who runs next. `runnable` is sorted by actor id and holds at
  // least two actors; `current` is the actor that reached the scheduling
  // point when it may go on, kNoActor otherwise.
  virtual ActorId next_actor(std::span<const ActorId> runnable, ActorId current) = 0;

  // Draws a data or fault choice in [0, options), options >= 2.
  virtual std::uint32_t next_draw(std::uint32_t options) = 0;

  // Name as written in traces and on the command line.
  virtual std::string name() const = 0;

  // A strategy that reduces by commuting steps asks for footprints; then the
  // execution reports every step that ends: who ran and what it touched.
  virtual bool wants_footprints() const { return false; }
  // False when the schedule begun last belongs to another shard and runs
  // here only to find the way (dfs): it is neither counted nor judged.
  virtual bool owns_schedule() const { return true; }
  // True when schedule i is a function of its index i (random, pct): the
  // budget and a failure's position count indices. False (dfs): only the
  // schedules run to their end count, abandoned ones not, and a failure is
  // numbered among those.
  virtual bool indexed_schedules() const { return true; }

  // What the strategy has to say of its search so far, for `explore --json`
  // (dfs: pruned branches, exhausted, ...); null when nothing.
  virtual nlohmann::ordered_json statistics_json() const { return nullptr; }
  virtual void step_ended(ActorId /*actor*/, const Footprint& /*footprint*/) {}
  // Asked, when footprints are on, before the only runnable actor runs
  // without a decision: false abandons the schedule (it only reorders one
  // already run).
  virtual bool may_run_alone(ActorId /*actor*/) { return true; }
};

// A strategy that cannot follow the program (a replayed choice that is not
// possible here) throws this; the execution ends with a divergence verdict.
class StrategyDivergence : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A strategy that knows the rest of this schedule adds nothing (every
// choice left is covered elsewhere) throws this from next_actor; the
// execution ends with a "pruned" verdict, which is not a result.
struct ScheduleAbandoned {};

}  // namespace interleave
