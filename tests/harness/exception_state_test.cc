// Actors that reach a scheduling point inside a catch block keep their own
// exception: the runtime's per-thread record of exceptions being handled is
// swapped with the actor (see harness/exception_state.h).

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "harness/execution.h"
#include "harness/random_strategy.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

using test_support::LambdaProgram;

TEST(ExceptionState, EachActorRethrowsItsOwnExceptionAfterASwitchInsideItsHandler) {
  std::vector<std::string> rethrown;
  auto body = [&rethrown](const std::string& name) {
    return [&rethrown, name](Execution& exec) {
      try {
        throw std::runtime_error(name);
      } catch (const std::exception&) {
        exec.scheduling_point();  // another actor throws and handles its own meanwhile
        try {
          throw;  // the exception being handled must still be this actor's
        } catch (const std::exception& again) {
          rethrown.push_back(name + "=" + again.what());
        }
        exec.scheduling_point();
      }
    };
  };
  for (std::uint64_t schedule = 0; schedule < 200; ++schedule) {
    rethrown.clear();
    LambdaProgram program({{"a", body("a")}, {"b", body("b")}, {"c", body("c")}});
    RandomStrategy strategy(9);
    strategy.begin_schedule(schedule);
    Execution exec(strategy, {}, /*record_events=*/false);
    exec.run(program);
    ASSERT_EQ(exec.verdict().status, VerdictStatus::kHolds) << exec.verdict().message;
    ASSERT_EQ(rethrown.size(), 3u);
    for (const std::string& entry : rethrown) EXPECT_EQ(entry[0], entry[2]) << entry << " in schedule " << schedule;
  }
  EXPECT_EQ(std::uncaught_exceptions(), 0);
  EXPECT_EQ(std::current_exception(), nullptr);
}

}  // namespace
}  // namespace interleave
