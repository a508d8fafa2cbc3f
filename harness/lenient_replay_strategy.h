#pragma once
// Follows a choice vector where it fits the program and goes the quiet way
// where it does not: the shrinker edits vectors (cuts them short, replaces a
// preemption, drops an actor's choices), and an edited vector rarely fits
// the program exactly. Like Coyote's replayed prefix, the vector is a prefix
// the strategy continues from.
//
// - An actor choice whose actor is runnable picks it. One that is not (or a
//   vector that has run out) lets the current actor go on when it can, else
//   the lowest runnable id: no preemption is ever added.
// - A draw takes the recorded value when the recorded choice is a draw of
//   the same size, else 0 (no fault, the first alternative).
// - The vector is one stream of two kinds: an actor decision skips recorded
//   draws (they belonged to a step this run no longer takes), a draw that
//   meets an actor choice draws 0 and leaves the choice for the next
//   decision.
//
// What it chose is the execution's own choice vector, which ReplayStrategy
// then follows exactly. It never diverges.
//
// Example:
//   LenientReplayStrategy strategy(edited_choices);
//   strategy.begin_schedule(0);
//   Execution exec(strategy, limits, /*record_events=*/true);
//   strategy.follow_names(trace.actors, [&exec](ActorId id) { return exec.actor_info(id).name; });
//   exec.run(*program);  // exec.choices(): a vector that replays exactly

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/program.h"
#include "harness/strategy.h"

namespace interleave {

class LenientReplayStrategy final : public Strategy {
 public:
  explicit LenientReplayStrategy(ChoiceVector choices) : choices_(std::move(choices)) {}

  // From now on an actor choice `aN` means the actor `recorded[N]` named in
  // the run the vector comes from, looked up by name in this run: ids move
  // when a scenario loses an actor or workflows spawn in another order, names
  // do not. `live_name` names this run's actors.
  void follow_names(const std::vector<ActorInfo>& recorded, std::function<std::string_view(ActorId)> live_name);

  bool begin_schedule(std::uint64_t) override;
  // Always a pick: it never diverges.
  Decision decide(const DecisionRequest& request) override {
    if (request.kind == DecisionRequest::Kind::kDraw) return Decision::pick(next_draw(request.options));
    return Decision::pick(next_actor(request.runnable, request.current));
  }
  std::string name() const override { return "replay"; }

 private:
  ActorId next_actor(std::span<const ActorId> runnable, ActorId current);
  std::uint32_t next_draw(std::uint32_t options);
  ActorId wanted(const Choice& choice, std::span<const ActorId> runnable) const;

  ChoiceVector choices_;
  std::size_t position_ = 0;
  std::vector<std::string> recorded_names_;  // empty: choices are ids of this run
  std::function<std::string_view(ActorId)> live_name_;
};

}  // namespace interleave
