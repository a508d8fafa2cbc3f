#pragma once
// A program for service tests: a fresh World (db model, workflow engine)
// per execution, actors as lambdas over it, and a way to run many schedules
// and collect what each left behind.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "harness/program.h"
#include "harness/random_strategy.h"
#include "impl/backend.h"
#include "model/world.h"

namespace interleave::test_support {

class WorldProgram final : public Program {
 public:
  using Body = std::function<void(model::World&, impl::Backend&)>;
  explicit WorldProgram(std::vector<std::pair<std::string, Body>> actors) : actors_(std::move(actors)) {}

  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    backend_ = std::make_unique<impl::Backend>(
        impl::Backend{[world = world_.get()] { return world->db.connect(); }, world_->workflows});
    for (auto& [name, body] : actors_) {
      exec.spawn({.name = name, .kind = "request"}, [this, body = body] { body(*world_, *backend_); });
    }
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }
  model::World& world() { return *world_; }

 private:
  std::vector<std::pair<std::string, Body>> actors_;
  std::unique_ptr<model::World> world_;
  std::unique_ptr<impl::Backend> backend_;
};

// Runs schedule `index` of a seeded random exploration; `inspect` sees the
// world once every actor is done.
inline Verdict run_schedule(WorldProgram& program, std::uint64_t index,
                            const std::function<void(model::World&)>& inspect) {
  RandomStrategy strategy(2026);
  strategy.begin_schedule(index);
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(program);
  inspect(program.world());
  return exec.verdict();
}

}  // namespace interleave::test_support
