#pragma once
// Random schedules with at most `preemptions` preemptions (CHESS's
// preemption bounding, sampled rather than enumerated). The current actor
// goes on wherever it can, except at `preemptions` decisions drawn uniformly
// from the first `decisions`, where another runnable actor is drawn. Where
// the current actor cannot go on (it blocked or finished), the
// highest-priority runnable actor runs. Priorities are random, drawn when an
// actor is first seen, as in PCT: one order per schedule rather than a coin
// at every such decision, so "the workflow before the request" holds across
// the run. Data and fault draws are uniform. The shrinker searches these for
// a failure with fewer preemptions than the one it holds. Schedule i depends
// only on (seed, i, preemptions, decisions).
//
// Example:
//   BoundedPreemptionStrategy strategy(/*seed=*/1, /*preemptions=*/1, /*decisions=*/30);
//   strategy.begin_schedule(i);  ...

#include <cstdint>
#include <span>
#include <vector>

#include "harness/rng.h"
#include "harness/strategy.h"

namespace interleave {

class BoundedPreemptionStrategy final : public Strategy {
 public:
  // `decisions`: how many actor decisions a schedule takes, about (at least 1).
  BoundedPreemptionStrategy(std::uint64_t seed, std::uint32_t preemptions, std::uint32_t decisions);

  bool begin_schedule(std::uint64_t index) override;
  Decision decide(const DecisionRequest& request) override {
    if (request.kind == DecisionRequest::Kind::kDraw) return Decision::pick(rng_.bounded(request.options));
    return Decision::pick(next_actor(request.runnable, request.current));
  }
  std::string name() const override { return "bounded-preemption"; }

 private:
  ActorId next_actor(std::span<const ActorId> runnable, ActorId current);
  std::uint64_t priority_of(ActorId actor);
  ActorId highest(std::span<const ActorId> runnable);

  std::uint64_t seed_;
  std::uint32_t preemptions_;
  std::uint32_t decisions_;
  Rng rng_{0};
  std::vector<std::uint32_t> switch_points_;  // decision numbers, may repeat
  std::vector<std::uint64_t> priorities_;     // by actor id; 0 = not seen yet
  std::uint32_t decision_ = 0;               // actor decisions taken so far
};

}  // namespace interleave
