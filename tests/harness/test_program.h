#pragma once
// A tiny program for harness tests: actors are lambdas over shared state.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "harness/program.h"

namespace interleave::test_support {

// Yields until `condition` holds; the other actors run meanwhile.
inline void await(Execution& exec, const std::function<bool()>& condition) {
  while (!condition()) exec.scheduling_point();
}

class LambdaProgram : public Program {
 public:
  using Body = std::function<void(Execution&)>;
  LambdaProgram(std::vector<std::pair<std::string, Body>> actors,
                std::function<std::optional<Violation>()> quiescent = {})
      : actors_(std::move(actors)), quiescent_(std::move(quiescent)) {}

  void start(Execution& exec) override {
    for (auto& [name, body] : actors_) {
      exec.spawn({.name = name, .kind = "test"}, [&exec, body = body] { body(exec); });
    }
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override {
    return quiescent_ ? quiescent_() : std::nullopt;
  }

 private:
  std::vector<std::pair<std::string, Body>> actors_;
  std::function<std::optional<Violation>()> quiescent_;
};

}  // namespace interleave::test_support
