#pragma once
// Small programs with known minimal failures, for the shrinker and the
// strategies it runs: a lost update that needs one preemption (and, when
// asked, one fault), and actors that only take steps.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "tests/harness/test_program.h"

namespace interleave::test_support {

// Two incrementers race on one counter (read, then write at the next
// scheduling point); a third actor only takes steps. Each may first draw
// a "fault" that costs it an extra step and nothing else. The quiescent
// check fails when an increment was lost, and with `needs_fault` only when
// the first incrementer drew its fault.
inline ProgramFactory lost_update(bool needs_fault) {
  return [needs_fault]() -> std::unique_ptr<Program> {
    auto counter = std::make_shared<int>(0);
    auto faulted = std::make_shared<bool>(false);
    auto increment = [counter, faulted](bool first) {
      return [counter, faulted, first](Execution& exec) {
        exec.scheduling_point();
        if (exec.draw(2) == 1) {
          if (first) *faulted = true;
          exec.scheduling_point();
        }
        int seen = *counter;
        exec.scheduling_point();
        *counter = seen + 1;
        exec.scheduling_point();
      };
    };
    auto busy = [](Execution& exec) {
      for (int i = 0; i < 6; ++i) exec.scheduling_point();
    };
    return std::make_unique<LambdaProgram>(
        std::vector<std::pair<std::string, LambdaProgram::Body>>{
            {"inc-1", increment(true)}, {"noise", busy}, {"inc-2", increment(false)}},
        [counter, faulted, needs_fault]() -> std::optional<Violation> {
          if (*counter == 2 || (needs_fault && !*faulted)) return std::nullopt;
          return Violation{"no-lost-update", "an increment was lost"};
        });
  };
}

// The first failing schedule of seed 1 whose run has at least `preemptions`.
inline Trace failing_trace(const ProgramFactory& factory, std::uint32_t preemptions) {
  RandomStrategy random(1);
  for (std::uint64_t index = 0; index < 10'000; ++index) {
    random.begin_schedule(index);
    auto program = factory();
    Execution exec(random, {}, /*record_events=*/false);
    exec.run(*program);
    if (exec.verdict().status == VerdictStatus::kViolation && exec.preemptions() >= preemptions) {
      return run_recorded(factory, exec.choices(), {});
    }
  }
  ADD_FAILURE() << "no failing schedule with " << preemptions << " preemptions";
  return {};
}

// Actors named `names`, each taking three scheduling points.
inline ProgramFactory steppers(std::vector<std::string> names) {
  return [names]() -> std::unique_ptr<Program> {
    std::vector<std::pair<std::string, LambdaProgram::Body>> actors;
    for (const std::string& name : names) {
      actors.push_back({name, [](Execution& exec) {
                          for (int i = 0; i < 3; ++i) exec.scheduling_point();
                        }});
    }
    return std::make_unique<LambdaProgram>(std::move(actors));
  };
}

}  // namespace interleave::test_support
