#include "harness/bounded_preemption_strategy.h"

#include <algorithm>

namespace interleave {

BoundedPreemptionStrategy::BoundedPreemptionStrategy(std::uint64_t seed, std::uint32_t preemptions,
                                                     std::uint32_t decisions)
    : seed_(seed), preemptions_(preemptions), decisions_(std::max<std::uint32_t>(1, decisions)) {}

bool BoundedPreemptionStrategy::begin_schedule(std::uint64_t index) {
  rng_ = Rng(schedule_seed(seed_, index));
  switch_points_.clear();
  for (std::uint32_t i = 0; i < preemptions_; ++i) switch_points_.push_back(rng_.bounded(decisions_));
  decision_ = 0;
  priorities_.clear();
  return true;
}

std::uint64_t BoundedPreemptionStrategy::priority_of(ActorId actor) {
  if (actor >= priorities_.size()) priorities_.resize(actor + 1, 0);
  if (priorities_[actor] == 0) priorities_[actor] = rng_.next() | 1;  // never 0: that means unseen
  return priorities_[actor];
}

// The runnable actor of highest priority; ties (by chance only) go to the
// lower id.
ActorId BoundedPreemptionStrategy::highest(std::span<const ActorId> runnable) {
  ActorId best = kNoActor;
  std::uint64_t best_priority = 0;
  for (ActorId actor : runnable) {
    std::uint64_t priority = priority_of(actor);
    if (best == kNoActor || priority > best_priority) {
      best = actor;
      best_priority = priority;
    }
  }
  return best;
}

ActorId BoundedPreemptionStrategy::next_actor(std::span<const ActorId> runnable, ActorId current) {
  const std::uint32_t decision = decision_++;
  if (current == kNoActor) return highest(runnable);
  if (std::find(switch_points_.begin(), switch_points_.end(), decision) == switch_points_.end()) return current;
  // Any runnable actor but the current one, which `runnable` (sorted) holds.
  std::uint32_t index = rng_.bounded(static_cast<std::uint32_t>(runnable.size()) - 1);
  if (runnable[index] >= current) ++index;
  return runnable[index];
}

}  // namespace interleave
