// dfs: sleep sets, from the footprints of the steps that ran.

#include "harness/dfs_strategy.h"

#include <algorithm>

namespace interleave {

void DfsStrategy::step_ended(ActorId actor, const Footprint& footprint) {
  // The first step after a decision is the chosen actor's: what it touches
  // is what its siblings test against while it sleeps.
  if (last_decision_ > 0 && steps_since_decision_.empty()) stack_[last_decision_ - 1].chosen_step.merge(footprint);
  steps_since_decision_.emplace_back(actor, footprint);
}

// Asked at every step without a decision: tests the one actor without
// building the sleep set.
bool DfsStrategy::may_run_alone(ActorId actor) {
  if (!options_.reduction || last_decision_ == 0) return true;
  const Node& parent = stack_[last_decision_ - 1];
  for (const auto* list : {&parent.sleep, &parent.explored}) {
    for (const Asleep& candidate : *list) {
      if (candidate.actor == actor && stays_asleep(candidate)) return false;
    }
  }
  return true;
}

// Who sleeps at a new decision: those asleep at the last decision and the
// choices explored there before, unless they ran since or a step since
// conflicts with the step they would take.
std::vector<DfsStrategy::Asleep> DfsStrategy::sleep_on_arrival() const {
  std::vector<Asleep> sleep;
  if (!options_.reduction || last_decision_ == 0) return sleep;
  const Node& parent = stack_[last_decision_ - 1];
  for (const auto* list : {&parent.sleep, &parent.explored}) {
    for (const Asleep& candidate : *list) {
      if (stays_asleep(candidate)) sleep.push_back(candidate);
    }
  }
  return sleep;
}

bool DfsStrategy::stays_asleep(const Asleep& candidate) const {
  return std::none_of(steps_since_decision_.begin(), steps_since_decision_.end(), [&](const auto& step) {
    return step.first == candidate.actor || step.second.conflicts_with(candidate.step);
  });
}

bool DfsStrategy::asleep(const Node& node, ActorId actor) const {
  return std::any_of(node.sleep.begin(), node.sleep.end(), [&](const Asleep& entry) { return entry.actor == actor; });
}

bool DfsStrategy::explored(const Node& node, ActorId actor) const {
  return std::any_of(node.explored.begin(), node.explored.end(),
                     [&](const Asleep& entry) { return entry.actor == actor; });
}

}  // namespace interleave
