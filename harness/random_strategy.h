#pragma once
// Uniform random choice at every decision point, seeded per schedule so that
// schedule i of seed s can be run alone.

#include "harness/rng.h"
#include "harness/strategy.h"

namespace interleave {

class RandomStrategy final : public Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed) : seed_(seed), rng_(seed) {}

  bool begin_schedule(std::uint64_t index) override {
    rng_ = Rng(schedule_seed(seed_, index));
    return true;
  }
  Decision decide(const DecisionRequest& request) override {
    if (request.kind == DecisionRequest::Kind::kDraw) return Decision::pick(rng_.bounded(request.options));
    return Decision::pick(request.runnable[rng_.bounded(static_cast<std::uint32_t>(request.runnable.size()))]);
  }
  std::string name() const override { return "random"; }

 private:
  std::uint64_t seed_;
  Rng rng_;
};

}  // namespace interleave
