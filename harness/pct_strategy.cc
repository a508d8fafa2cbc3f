#include "harness/pct_strategy.h"

#include <algorithm>
#include <stdexcept>

namespace interleave {

PctStrategy::PctStrategy(std::uint64_t seed, std::uint32_t depth, std::uint32_t decisions)
    : seed_(seed), depth_(depth), decisions_(decisions) {
  if (depth_ < 1) throw std::invalid_argument("pct depth must be at least 1");
  if (decisions_ < 1) throw std::invalid_argument("pct needs at least one expected decision");
}

bool PctStrategy::begin_schedule(std::uint64_t index) {
  rng_ = Rng(schedule_seed(seed_, index));
  priorities_.clear();
  change_points_.clear();
  for (std::uint32_t i = 1; i < depth_; ++i) change_points_.push_back(1 + rng_.bounded(decisions_));
  std::sort(change_points_.begin(), change_points_.end());
  decision_ = 0;
  next_change_ = 0;
  return true;
}

// Initial priorities lie above every lowered one (1 .. d−1): the top bit is
// set, the rest random; ties (2^-63) go to the lower actor id.
std::uint64_t PctStrategy::priority_of(ActorId actor) {
  if (actor >= priorities_.size()) priorities_.resize(actor + 1, 0);
  if (priorities_[actor] == 0) priorities_[actor] = (rng_.next() >> 1) | (std::uint64_t{1} << 63);
  return priorities_[actor];
}

ActorId PctStrategy::next_actor(std::span<const ActorId> runnable) {
  ++decision_;
  auto highest = [&] {
    ActorId best = runnable.front();
    for (ActorId actor : runnable) {
      if (priority_of(actor) > priority_of(best)) best = actor;
    }
    return best;
  };
  // Several change points may fall on one decision: each lowers whoever is
  // highest at that moment, the later ones lower still.
  while (next_change_ < change_points_.size() && change_points_[next_change_] == decision_) {
    ActorId top = highest();
    priorities_[top] = depth_ - 1 - next_change_;  // d−1, d−2, ..., 1
    ++next_change_;
  }
  return highest();
}

}  // namespace interleave
