#pragma once
// Replays a recorded choice vector. A choice the program cannot take (an
// actor that is not runnable, a draw of another size, a missing choice) is a
// divergence: "not reproducible at choice N: the trace runs api-2 (a1) next;
// runnable: api-1 (a0), tenant-provision-acme (a2)", actors by name when
// the caller says how to name them.

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "harness/strategy.h"

namespace interleave {

class ReplayStrategy final : public Strategy {
 public:
  explicit ReplayStrategy(ChoiceVector choices) : choices_(std::move(choices)) {}

  // How divergence messages name an actor id (the scenario's names); by
  // default "actor N".
  void name_actors(std::function<std::string(ActorId)> name) { actor_name_ = std::move(name); }

  bool begin_schedule(std::uint64_t) override {
    position_ = 0;
    return true;
  }
  Decision decide(const DecisionRequest& request) override;
  std::string name() const override { return "replay"; }

  // True once every recorded choice has been used.
  bool consumed_all() const { return position_ == choices_.size(); }
  std::size_t position() const { return position_; }
  std::size_t size() const { return choices_.size(); }

 private:
  Decision next_actor(std::span<const ActorId> runnable);
  Decision next_draw(std::uint32_t options);
  // The next recorded choice; null when none is left.
  const Choice* take();
  // `wanted` describes what the program asks for; formatted only when the
  // replay diverges (the shrinker replays thousands of schedules).
  Decision diverge(const Choice* choice, const std::string& wanted, bool draw) const;

  std::string describe(const Choice& choice) const;
  std::string describe(ActorId actor) const;

  ChoiceVector choices_;
  std::size_t position_ = 0;
  std::function<std::string(ActorId)> actor_name_;
};

}  // namespace interleave
