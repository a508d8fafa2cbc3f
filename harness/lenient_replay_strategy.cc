#include "harness/lenient_replay_strategy.h"

#include <algorithm>

namespace interleave {

void LenientReplayStrategy::follow_names(const std::vector<ActorInfo>& recorded,
                                         std::function<std::string_view(ActorId)> live_name) {
  recorded_names_.clear();
  for (const ActorInfo& actor : recorded) recorded_names_.push_back(actor.name);
  live_name_ = std::move(live_name);
}

bool LenientReplayStrategy::begin_schedule(std::uint64_t) {
  position_ = 0;
  return true;
}

// The runnable actor a recorded choice means, or kNoActor.
ActorId LenientReplayStrategy::wanted(const Choice& choice, std::span<const ActorId> runnable) const {
  if (recorded_names_.empty()) {
    bool found = std::find(runnable.begin(), runnable.end(), choice.value) != runnable.end();
    return found ? choice.value : kNoActor;
  }
  if (choice.value >= recorded_names_.size()) return kNoActor;
  const std::string& name = recorded_names_[choice.value];
  for (ActorId id : runnable) {
    if (live_name_(id) == name) return id;
  }
  return kNoActor;
}

ActorId LenientReplayStrategy::next_actor(std::span<const ActorId> runnable, ActorId current) {
  while (position_ < choices_.size() && choices_[position_].kind == Choice::Kind::kDraw) ++position_;
  ActorId pick = position_ < choices_.size() ? wanted(choices_[position_++], runnable) : kNoActor;
  if (pick == kNoActor) pick = current != kNoActor ? current : runnable.front();
  return pick;
}

std::uint32_t LenientReplayStrategy::next_draw(std::uint32_t options) {
  std::uint32_t value = 0;
  if (position_ < choices_.size() && choices_[position_].kind == Choice::Kind::kDraw) {
    const Choice& recorded = choices_[position_++];
    if (recorded.options == options && recorded.value < options) value = recorded.value;
  }
  return value;
}

}  // namespace interleave
