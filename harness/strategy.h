#pragma once
// The strategy decides; the scheduler asks. Three calls, as in Shuttle's
// scheduler trait: begin a schedule, decide (who runs next, or a number),
// end the schedule. A decision is a pick, or gives the schedule up: abandon
// (the rest adds nothing: reduction) or diverge (the strategy cannot follow
// the program: a replay whose trace no longer fits). Nothing is thrown.
//
// A strategy that reduces by commuting steps also watches the steps as they
// end, through a separate ReductionObserver (reduction() returns it).

#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "harness/choice.h"
#include "harness/footprint.h"
#include "harness/verdict.h"

namespace interleave {

// What the scheduler asks at a decision point.
struct DecisionRequest {
  enum class Kind : std::uint8_t { kActor, kDraw };
  Kind kind = Kind::kActor;
  // kActor: sorted by actor id, at least two; `current` is the actor that
  // reached the scheduling point when it may go on, kNoActor otherwise.
  std::span<const ActorId> runnable;
  ActorId current = kNoActor;
  // kDraw: a data or fault choice in [0, options), options >= 2.
  std::uint32_t options = 0;

  static DecisionRequest actor(std::span<const ActorId> runnable, ActorId current) {
    return {Kind::kActor, runnable, current, 0};
  }
  static DecisionRequest draw(std::uint32_t options) { return {Kind::kDraw, {}, kNoActor, options}; }
};

// The strategy's answer.
struct Decision {
  enum class Kind : std::uint8_t {
    kPick,     // value: the actor to run, or the number drawn
    kAbandon,  // the rest of the schedule is covered by others: not a result
    kDiverge,  // the program cannot be followed (reason says why)
  };
  Kind kind = Kind::kPick;
  std::uint32_t value = 0;
  std::string reason;  // kDiverge only: formatted on that path alone

  static Decision pick(std::uint32_t value) { return {Kind::kPick, value, {}}; }
  static Decision abandon() { return {Kind::kAbandon, 0, {}}; }
  static Decision diverge(std::string reason) { return {Kind::kDiverge, 0, std::move(reason)}; }
};

// Sees every step that ends, with what it touched, and is asked before the
// only runnable actor runs without a decision (false abandons the
// schedule: it only reorders one already run).
class ReductionObserver {
 public:
  virtual ~ReductionObserver() = default;
  virtual void step_ended(ActorId actor, const Footprint& footprint) = 0;
  virtual bool may_run_alone(ActorId actor) = 0;
};

class Strategy {
 public:
  virtual ~Strategy() = default;

  // 1. Prepares schedule number `index` of a run. Returns false when the
  // strategy has nothing left to explore.
  virtual bool begin_schedule(std::uint64_t index) = 0;
  // 2. Answers the scheduler's question.
  virtual Decision decide(const DecisionRequest& request) = 0;
  // 3. The schedule begun last ended so (the execution tells it, once).
  virtual void end_schedule(const Verdict& /*verdict*/) {}

  // What the strategy is, for traces, counts and reports; none decides.
  // Name as written in traces and on the command line.
  virtual std::string name() const = 0;
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
  // Null unless the strategy reduces: then the execution records footprints.
  virtual ReductionObserver* reduction() { return nullptr; }
};

}  // namespace interleave
