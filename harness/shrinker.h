#pragma once
// Shrinks a failing schedule of one program (DESIGN.md §3): fewest
// preemptions first, then fewest faults, then fewest choices and steps,
// keeping the failure (see Failure below).
//
// Candidates are edited choice vectors run by LenientReplayStrategy, which
// finishes any vector without adding a preemption:
//   - cut the vector just before one of its preemptions (the rest of the run
//     goes on without any), shortest cut first;
//   - replace one preemption by letting the current actor go on;
//   - draw 0 instead of a drawn value (a fault not injected);
//   - when no edit helps, sample schedules with fewer preemptions
//     (BoundedPreemptionStrategy), for failures that need another
//     interleaving rather than an edited one.
// A candidate is kept when it fails the same way and is smaller in the order
// above; what is kept is the run's own choice vector, so it replays exactly.
// Rounds repeat until none shrinks or the budget of runs is spent. Same
// input, same candidates in the same order: the result is deterministic.
//
// The harness knows nothing about what a program's actors do. A caller that
// can tell a fault from another draw says so with `count_faults`; a caller
// that changes the program itself (drops an actor) looks for a failing
// schedule of the new program with find_failure() and shrinks that.
//
// Example:
//   ShrinkBudget budget(500);
//   Shrinker shrinker({.limits = trace.limits}, budget);
//   const Failure failure = Failure::of(trace);
//   auto start = shrinker.run(factory, trace.choices, {});
//   if (start && failure.matches(start->trace)) {
//     ShrinkRun smallest = shrinker.shrink(factory, *start, failure);
//     // smallest.trace.choices replay to the same violation
//   }

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "harness/explorer.h"
#include "harness/trace.h"

namespace interleave {

// What a smaller run must keep of the failure it shrinks: the verdict's
// status, its property, and its message's shape — the message with actor
// names, numbers and quoted values masked. The shape keeps a shrink from
// slipping to another failure of the same property (a call that fails for
// want of the data a dropped actor or fixture made is not the race that was
// found), while "api-2: create_tenant('globex') ..." still matches
// "api-1: create_tenant('acme') ...".
struct Failure {
  VerdictStatus status = VerdictStatus::kHolds;
  std::string property;
  std::string shape;

  static Failure of(const Trace& trace);
  bool matches(const Trace& trace) const;
};

// The message of `verdict` with the names of `actors`, numbers and quoted
// values masked.
std::string message_shape(const Verdict& verdict, const std::vector<ActorInfo>& actors);

// Runs a shrink may spend, shared by every stage of one shrink.
class ShrinkBudget {
 public:
  explicit ShrinkBudget(std::uint32_t runs) : left_(runs) {}
  bool take() {
    if (left_ == 0) return false;
    --left_;
    ++used_;
    return true;
  }
  std::uint32_t used() const { return used_; }

 private:
  std::uint32_t left_;
  std::uint32_t used_ = 0;
};

// The order schedules are compared in: smaller is simpler.
struct ScheduleSize {
  std::uint32_t preemptions = 0;
  std::uint32_t faults = 0;
  std::uint64_t choices = 0;
  std::uint32_t steps = 0;
  auto operator<=>(const ScheduleSize&) const = default;
};

// One recorded run of a candidate schedule.
struct ShrinkRun {
  Trace trace;  // actors, choices, events, verdict; no header
  ScheduleSize size;
  std::vector<ActorId> currents;  // per choice: who could have gone on (kNoActor: nobody, or a draw)
};

struct ShrinkSettings {
  ExecutionLimits limits;
  // How many faults a recorded run injected; unset: its draws that are not 0.
  std::function<std::uint32_t(const Trace&)> count_faults;
  // Schedules find_failure samples when its hint does not fail.
  std::uint32_t search_schedules = 100;
  // Schedules sampled for fewer preemptions once no edit helps.
  std::uint32_t preemption_search_schedules = 300;
  std::uint64_t search_seed = 1;
};

class Shrinker {
 public:
  Shrinker(ShrinkSettings settings, ShrinkBudget& budget) : settings_(std::move(settings)), budget_(budget) {}

  // Runs `choices` leniently, recording events. `recorded` names the actors
  // of the run the choices come from (actor choices follow names); empty:
  // the choices are actor ids of this program. nullopt once the budget is
  // spent.
  std::optional<ShrinkRun> run(const ProgramFactory& factory, const ChoiceVector& choices,
                               const std::vector<ActorInfo>& recorded);

  // A schedule of `factory` failing like `target`: `hint` run leniently,
  // else the first of `search_schedules` sampled schedules that does (with
  // at most 0, 1, 2 preemptions in turn, every fourth one unbounded).
  std::optional<ShrinkRun> find_failure(const ProgramFactory& factory, const Failure& target,
                                        const ChoiceVector& hint, const std::vector<ActorInfo>& recorded);

  // The smallest schedule found from `failing`, which must fail like `target`.
  ShrinkRun shrink(const ProgramFactory& factory, ShrinkRun failing, const Failure& target);

 private:
  bool improves(const ProgramFactory& factory, const ChoiceVector& candidate, const Failure& target,
                ShrinkRun& best);
  bool cut_before_a_preemption(const ProgramFactory& factory, const Failure& target, ShrinkRun& best);
  bool let_a_preempted_actor_go_on(const ProgramFactory& factory, const Failure& target, ShrinkRun& best);
  bool draw_zero_instead(const ProgramFactory& factory, const Failure& target, ShrinkRun& best);
  bool search_fewer_preemptions(const ProgramFactory& factory, const Failure& target, ShrinkRun& best);
  // Runs one schedule of `strategy` (begun by the caller); when it fails
  // like `target`, runs it again recording.
  std::optional<ShrinkRun> try_schedule(const ProgramFactory& factory, Strategy& strategy, const Failure& target);

  ShrinkSettings settings_;
  ShrinkBudget& budget_;
};

// Indexes of the choices of `run` that are preemptions.
std::vector<std::size_t> preemption_points(const ShrinkRun& run);

}  // namespace interleave
