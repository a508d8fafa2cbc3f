#pragma once
// What the workflow model's tests share: a program with one client actor
// calling a workflow engine that is built with the execution and outlives it
// (so tests read its runs afterwards), and a recorded run of one schedule.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "harness/program.h"
#include "harness/random_strategy.h"
#include "harness/strategy.h"
#include "model/workflows/workflow_engine.h"
#include "tests/harness/test_program.h"

namespace interleave::test_support {

class EngineProgram final : public Program {
 public:
  using Engine = model::workflows::WorkflowEngine;
  using Body = std::function<void(Execution&, Engine&)>;
  using Check = std::function<std::optional<Violation>(const Engine&)>;

  explicit EngineProgram(Body client, model::workflows::FaultPlan faults = {}, Check quiescent = {})
      : client_(std::move(client)), faults_(faults), quiescent_(std::move(quiescent)) {}

  void start(Execution& exec) override {
    engine_ = std::make_unique<Engine>(exec, faults_);
    exec.spawn({.name = "client", .kind = "request"}, [this, &exec] { client_(exec, *engine_); });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override {
    return quiescent_ ? quiescent_(*engine_) : std::nullopt;
  }

  const Engine& engine() const { return *engine_; }

 private:
  Body client_;
  model::workflows::FaultPlan faults_;
  Check quiescent_;
  std::unique_ptr<Engine> engine_;
};

struct RunResult {
  Verdict verdict;
  std::vector<ActorInfo> actors;
  std::vector<Event> events;
  ChoiceVector choices;

  const ActorInfo* actor(std::string_view name) const {
    for (const ActorInfo& info : actors) {
      if (info.name == name) return &info;
    }
    return nullptr;
  }
  // The events with operation `op`, in order.
  std::vector<Event> events_named(std::string_view op) const {
    std::vector<Event> found;
    for (const Event& event : events) {
      if (event.op == op) found.push_back(event);
    }
    return found;
  }
  std::size_t draws() const {
    std::size_t count = 0;
    for (const Choice& choice : choices) count += choice.kind == Choice::Kind::kDraw ? 1 : 0;
    return count;
  }
};

// Runs one schedule of `strategy` (already begun), recording events.
inline RunResult run_with(Program& program, Strategy& strategy) {
  Execution exec(strategy, {}, /*record_events=*/true);
  exec.run(program);
  return {exec.verdict(), exec.actors(), exec.events(), exec.choices()};
}

// Runs schedule `schedule` of a random strategy seeded with `seed`.
inline RunResult run(Program& program, std::uint64_t schedule, std::uint64_t seed = 23) {
  RandomStrategy strategy(seed);
  strategy.begin_schedule(schedule);
  return run_with(program, strategy);
}

struct ActivityOutcome {
  RunResult result;
  model::workflows::WorkflowRun run;                     // the workflow's run as it ended
  std::optional<model::workflows::ActivityError> error;  // what the workflow caught
};

// Runs schedule `schedule` of a workflow "wf-1" that executes one activity
// "act" under `options` (the two-argument short form when none) and catches
// its ActivityError.
inline ActivityOutcome run_one_activity(std::function<void(Execution&)> activity,
                                        std::optional<model::workflows::ActivityOptions> options,
                                        std::uint64_t schedule = 0) {
  using model::workflows::WorkflowContext;
  std::optional<model::workflows::ActivityError> caught;
  EngineProgram program([&](Execution& exec, EngineProgram::Engine& engine) {
    engine.start_workflow("T", "wf-1", [&](WorkflowContext& ctx) {
      auto code = [&activity, &exec] { activity(exec); };
      try {
        if (options) {
          ctx.execute_activity("act", code, *options);
        } else {
          ctx.execute_activity("act", code);
        }
      } catch (const model::workflows::ActivityError& error) {
        caught = error;
      }
    });
  });
  RunResult result = run(program, schedule);
  return {std::move(result), program.engine().runs().at(0), std::move(caught)};
}

}  // namespace interleave::test_support
