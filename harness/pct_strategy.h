#pragma once
// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, ASPLOS 2010): every actor gets a random priority, the highest
// runnable actor always runs, and at d−1 random decision points the actor
// about to run drops to a low priority. A bug of depth d (d ordering
// constraints) among n actors and k decisions is found by each schedule
// with probability at least 1/(n·k^(d−1)), which uniform random choice does
// not promise.
//
// Actors spawned during the run (workflow and activity actors) get their
// random priority when first seen. Data and fault draws are uniform. Schedule
// i depends only on (seed, i, depth, k), so any schedule can run alone.
//
// Example:
//   PctStrategy pct(seed, /*depth=*/2, /*decisions=*/40);
//   pct.begin_schedule(i);  ...

#include <cstdint>
#include <vector>

#include "harness/rng.h"
#include "harness/strategy.h"

namespace interleave {

class PctStrategy final : public Strategy {
 public:
  // `decisions`: k, the decisions a schedule is expected to take (at least
  // 1); change points are drawn from [1, k].
  PctStrategy(std::uint64_t seed, std::uint32_t depth, std::uint32_t decisions);

  bool begin_schedule(std::uint64_t index) override;
  Decision decide(const DecisionRequest& request) override {
    if (request.kind == DecisionRequest::Kind::kDraw) return Decision::pick(rng_.bounded(request.options));
    return Decision::pick(next_actor(request.runnable));
  }
  std::string name() const override { return "pct"; }

  std::uint32_t depth() const { return depth_; }
  std::uint32_t decisions() const { return decisions_; }

 private:
  ActorId next_actor(std::span<const ActorId> runnable);
  std::uint64_t priority_of(ActorId actor);

  std::uint64_t seed_;
  std::uint32_t depth_;
  std::uint32_t decisions_;
  Rng rng_{0};
  std::vector<std::uint64_t> priorities_;   // by actor id; 0 = not seen yet
  std::vector<std::uint32_t> change_points_;  // sorted decision numbers
  std::uint32_t decision_ = 0;               // decisions taken so far
  std::size_t next_change_ = 0;              // index into change_points_
};

}  // namespace interleave
