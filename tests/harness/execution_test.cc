#include "harness/execution.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "harness/replay_strategy.h"
#include "harness/wait_queue.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

using test_support::LambdaProgram;

// Three actors append their name at every step; the log is the schedule.
std::unique_ptr<LambdaProgram> logging_program(std::string& log) {
  auto body = [&log](char tag) {
    return [&log, tag](Execution& exec) {
      for (int i = 0; i < 4; ++i) {
        exec.scheduling_point();
        log.push_back(tag);
      }
    };
  };
  return std::make_unique<LambdaProgram>(std::vector<std::pair<std::string, LambdaProgram::Body>>{
      {"a", body('a')}, {"b", body('b')}, {"c", body('c')}});
}

std::string run_once(Strategy& strategy, std::uint64_t index, ChoiceVector* choices = nullptr) {
  std::string log;
  auto program = logging_program(log);
  strategy.begin_schedule(index);
  Execution exec(strategy, {}, false);
  exec.run(*program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kHolds);
  if (choices) *choices = exec.choices();
  return log;
}

TEST(Execution, SameSeedGivesSameInterleaving) {
  RandomStrategy first(42), second(42);
  for (std::uint64_t i = 0; i < 50; ++i) EXPECT_EQ(run_once(first, i), run_once(second, i));
}

TEST(Execution, DifferentSchedulesInterleaveDifferently) {
  RandomStrategy strategy(1);
  std::set<std::string> seen;
  for (std::uint64_t i = 0; i < 200; ++i) seen.insert(run_once(strategy, i));
  EXPECT_GT(seen.size(), 50u);  // 12!/(4!^3) = 34650 possible interleavings
}

TEST(Execution, ReplayOfRecordedChoicesGivesSameInterleaving) {
  RandomStrategy random(9);
  ChoiceVector choices;
  std::string original = run_once(random, 3, &choices);
  ReplayStrategy replay(choices);
  EXPECT_EQ(run_once(replay, 0), original);
  EXPECT_TRUE(replay.consumed_all());
}

TEST(Execution, ReplayOfImpossibleChoiceIsADivergence) {
  std::string log;
  auto program = logging_program(log);
  ReplayStrategy replay({Choice::actor(7)});
  replay.begin_schedule(0);
  Execution exec(replay, {}, false);
  exec.run(*program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kDivergence);
  EXPECT_NE(exec.verdict().message.find("the trace runs actor 7 (a7) next"), std::string::npos)
      << exec.verdict().message;
}

// A program that draws its workload in start(), before any actor exists (as
// scenario programs do), then runs one actor.
class DrawsInStart : public Program {
 public:
  void start(Execution& exec) override {
    exec.draw(2);
    exec.spawn({.name = "a", .kind = "test"}, [&exec] { exec.scheduling_point(); });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }
};

TEST(Execution, ReplayMissingAStartDrawIsADivergenceNotAnEscapedCancel) {
  DrawsInStart program;
  ReplayStrategy replay({});
  replay.begin_schedule(0);
  Execution exec(replay, {}, false);
  exec.run(program);  // must not throw ExecutionCancelled
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kDivergence);
  EXPECT_NE(exec.verdict().message.find("a draw of 2"), std::string::npos) << exec.verdict().message;
}

// The three calls: the scheduler asks decide() at every decision, nothing
// is thrown to give a schedule up, and end_schedule() hears the verdict once.
class GivesUpAtDecision final : public Strategy {
 public:
  GivesUpAtDecision(std::size_t at, Decision decision) : at_(at), decision_(std::move(decision)) {}
  bool begin_schedule(std::uint64_t) override {
    asked_ = 0;
    return true;
  }
  Decision decide(const DecisionRequest& request) override {
    if (asked_++ == at_) return decision_;
    return Decision::pick(request.runnable.front());
  }
  void end_schedule(const Verdict& verdict) override { ended_.push_back(verdict.status); }
  std::string name() const override { return "gives-up"; }

  std::size_t asked_ = 0;
  std::vector<VerdictStatus> ended_;

 private:
  std::size_t at_;
  Decision decision_;
};

TEST(Execution, AnAbandonDecisionEndsTheScheduleAsAbandonedAndTellsTheStrategy) {
  GivesUpAtDecision strategy(3, Decision::abandon());
  std::string log;
  auto program = logging_program(log);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, false);
  exec.run(*program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kAbandoned);
  EXPECT_EQ(to_string(exec.verdict().status), "abandoned");
  EXPECT_EQ(exec.choices().size(), 3u);  // the decision that gave up is no choice
  EXPECT_EQ(strategy.asked_, 4u);        // nobody asked again while unwinding
  EXPECT_EQ(strategy.ended_, std::vector<VerdictStatus>{VerdictStatus::kAbandoned});
}

TEST(Execution, ADivergeDecisionEndsTheScheduleWithItsReason) {
  GivesUpAtDecision strategy(0, Decision::diverge("the trace runs b next"));
  std::string log;
  auto program = logging_program(log);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, false);
  exec.run(*program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kDivergence);
  EXPECT_EQ(exec.verdict().message, "the trace runs b next");
  EXPECT_EQ(strategy.ended_, std::vector<VerdictStatus>{VerdictStatus::kDivergence});
}

TEST(Execution, EveryScheduleEndsOnceWithItsVerdict) {
  GivesUpAtDecision strategy(1000, Decision::abandon());  // never gives up
  for (std::uint64_t i = 0; i < 3; ++i) run_once(strategy, i);
  EXPECT_EQ(strategy.ended_, std::vector<VerdictStatus>(3, VerdictStatus::kHolds));
}

TEST(Execution, DeadlockIsReportedWithWhoWaitsForWhom) {
  // Each actor waits on a queue nobody will notify, naming the other as holder.
  // One label is written from its parts, and only when the report reads it.
  std::unique_ptr<WaitQueue> q1, q2;
  int labels_written = 0;
  LambdaProgram program({
      {"left", [&](Execution& exec) {
         exec.scheduling_point();
         ActorId other = 1;
         const char resource = 'B';
         const auto label = [&] {
           ++labels_written;
           return std::string("lock ") + resource;
         };
         q1->wait({&other, 1}, WaitLabel::written_by(label));
       }},
      {"right", [&](Execution& exec) {
         exec.scheduling_point();
         ActorId other = 0;
         q2->wait({&other, 1}, "lock A");
       }},
  });
  RandomStrategy strategy(5);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, false);
  q1 = std::make_unique<WaitQueue>(exec);
  q2 = std::make_unique<WaitQueue>(exec);
  exec.run(program);
  ASSERT_EQ(exec.verdict().status, VerdictStatus::kDeadlock);
  EXPECT_NE(exec.verdict().message.find("left waits for right (lock B)"), std::string::npos)
      << exec.verdict().message;
  EXPECT_NE(exec.verdict().message.find("right waits for left (lock A)"), std::string::npos);
  EXPECT_EQ(labels_written, 1);
}

TEST(Execution, NotifiedWaitersRunInTheOrderTheyParked) {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    std::unique_ptr<WaitQueue> queue;
    std::string parked, woke;
    auto waiter = [&](char tag) {
      return [&, tag](Execution& exec) {
        exec.scheduling_point();
        parked.push_back(tag);
        queue->wait({}, "signal");
        woke.push_back(tag);
      };
    };
    LambdaProgram program({{"w1", waiter('1')},
                           {"w2", waiter('2')},
                           {"signal", [&](Execution& exec) {
                              while (parked.size() < 2) exec.scheduling_point();
                              queue->notify_one();
                              while (woke.empty()) exec.scheduling_point();
                              queue->notify_one();
                            }}});
    RandomStrategy strategy(seed);
    strategy.begin_schedule(0);
    Execution exec(strategy, {}, false);
    queue = std::make_unique<WaitQueue>(exec);
    exec.run(program);
    ASSERT_EQ(exec.verdict().status, VerdictStatus::kHolds) << exec.verdict().message;
    EXPECT_EQ(woke, parked) << "seed " << seed;
    EXPECT_TRUE(queue->empty());
  }
}

TEST(Execution, VirtualTimeJumpsToTheNextTimer) {
  std::int64_t woke_at = -1;
  LambdaProgram program({{"sleeper", [&](Execution& exec) {
                            exec.sleep_for(250);
                            woke_at = exec.now_ms();
                          }}});
  RandomStrategy strategy(0);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, false);
  exec.run(program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kHolds);
  EXPECT_EQ(woke_at, 250);
}

// A parked actor another interrupts (a server cancelling a statement)
// leaves its queue and its timer: its park returns kInterrupted at once,
// and a later notify finds nobody.
TEST(Execution, AnInterruptedActorLeavesItsQueueAndItsTimer) {
  std::unique_ptr<WaitQueue> queue;
  std::optional<WakeReason> woke;
  std::int64_t woke_at = -1;
  bool notified_anyone = true;
  LambdaProgram program({{"waiter", [&](Execution& exec) {
                            woke = queue->wait({}, "a signal", 1000);
                            woke_at = exec.now_ms();
                          }},
                         {"canceller", [&](Execution& exec) {
                            while (!exec.parked(0)) exec.scheduling_point();
                            exec.interrupt(0);
                            exec.interrupt(1);  // not parked: nothing happens
                            while (!woke) exec.scheduling_point();
                            notified_anyone = queue->notify_one();
                          }}});
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    RandomStrategy strategy(seed);
    strategy.begin_schedule(0);
    Execution exec(strategy, {}, false);
    queue = std::make_unique<WaitQueue>(exec);
    woke.reset();
    exec.run(program);
    ASSERT_EQ(exec.verdict().status, VerdictStatus::kHolds) << exec.verdict().message;
    EXPECT_EQ(woke, WakeReason::kInterrupted);
    EXPECT_EQ(woke_at, 0);  // before its deadline
    EXPECT_FALSE(notified_anyone);
  }
}

TEST(Execution, StepBudgetEndsALivelock) {
  LambdaProgram program({{"spinner", [](Execution& exec) {
                            for (;;) exec.scheduling_point();
                          }}});
  RandomStrategy strategy(0);
  strategy.begin_schedule(0);
  Execution exec(strategy, {.max_steps = 100}, false);
  exec.run(program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kBudgetExceeded);
}

TEST(Execution, VirtualTimeBudgetEndsARetryLoop) {
  // Retrying forever with a back-off: every step advances virtual time, so
  // the time budget ends it even under a generous step budget.
  LambdaProgram program({{"retrier", [](Execution& exec) {
                            for (;;) exec.sleep_for(1'000);
                          }}});
  RandomStrategy strategy(0);
  strategy.begin_schedule(0);
  Execution exec(strategy, {.max_steps = 1'000'000, .max_time_ms = 60'000}, false);
  exec.run(program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kBudgetExceeded);
  EXPECT_NE(exec.verdict().message.find("virtual time budget of 60000 ms exceeded"), std::string::npos)
      << exec.verdict().message;
  EXPECT_LE(exec.now_ms(), 61'000);
}

TEST(Execution, ExplorerFindsLostUpdate) {
  // read, scheduling point, write: two increments can lose one.
  int counter = 0;
  auto increment = [&counter](Execution& exec) {
    exec.scheduling_point();
    int seen = counter;
    exec.scheduling_point();
    counter = seen + 1;
  };
  ProgramFactory factory = [&] {
    counter = 0;
    return std::make_unique<LambdaProgram>(
        std::vector<std::pair<std::string, LambdaProgram::Body>>{{"x", increment}, {"y", increment}},
        [&counter]() -> std::optional<Violation> {
          if (counter != 2) return Violation{"no-lost-update", "counter is " + std::to_string(counter)};
          return std::nullopt;
        });
  };
  RandomStrategy strategy(3);
  auto result = explore(factory, strategy, {.scenario = "counter"}, {.seed = 3, .schedules = 1000});
  ASSERT_TRUE(result.first_failure_at.has_value());
  ASSERT_TRUE(result.trace.has_value());
  EXPECT_EQ(result.trace->verdict.property, "no-lost-update");
  auto replayed = replay(factory, *result.trace);
  EXPECT_FALSE(replayed.divergence.has_value()) << *replayed.divergence;
  EXPECT_EQ(replayed.replayed.verdict.status, VerdictStatus::kViolation);
}

}  // namespace
}  // namespace interleave
