#pragma once
// Uniform random choice at every decision point, seeded per schedule so that
// schedule i of seed s can be run alone.

#include "harness/rng.h"
#include "harness/strategy.h"

namespace interleave {

class RandomStrategy final : public Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed) : seed_(seed), rng_(seed) {}

  bool begin_execution(std::uint64_t index) override {
    rng_ = Rng(schedule_seed(seed_, index));
    return true;
  }
  ActorId next_actor(std::span<const ActorId> runnable, ActorId) override {
    return runnable[rng_.bounded(static_cast<std::uint32_t>(runnable.size()))];
  }
  std::uint32_t next_draw(std::uint32_t options) override { return rng_.bounded(options); }
  std::string name() const override { return "random"; }

 private:
  std::uint64_t seed_;
  Rng rng_;
};

}  // namespace interleave
