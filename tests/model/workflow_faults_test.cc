// The workflow service's faults: lost activity completions (at-least-once
// execution), an unreachable service, crashed workers. Faults are draws in
// the choice stream: no draw without a FaultPlan, replay repeats them, and
// exploration finds them.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/execution.h"
#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "harness/strategy.h"
#include "model/workflows/workflow_engine.h"
#include "tests/model/workflow_test_program.h"

namespace interleave {
namespace {

using model::workflows::ActivityOptions;
using model::workflows::FailureKind;
using model::workflows::FaultKind;
using model::workflows::FaultPlan;
using model::workflows::kFaultKinds;
using model::workflows::kWorkerCrashType;
using model::workflows::RunStatus;
using model::workflows::WorkflowContext;
using model::workflows::WorkflowEngine;
using model::workflows::WorkflowRun;
using model::workflows::WorkflowServiceUnavailable;
using test_support::EngineProgram;
using test_support::run;
using test_support::run_with;
using test_support::RunResult;

constexpr std::uint64_t kFaultSchedules = 40;

// Runs the lowest runnable actor and injects a fault at every fault point the
// plan's budget allows: one fixed schedule per fault, for exact assertions.
class InjectEveryFault final : public Strategy {
 public:
  bool begin_schedule(std::uint64_t) override { return true; }
  Decision decide(const DecisionRequest& request) override {
    return Decision::pick(request.kind == DecisionRequest::Kind::kDraw ? 1 : request.runnable.front());
  }
  std::string name() const override { return "inject-every-fault"; }
};

RunResult run_injecting_every_fault(Program& program) {
  InjectEveryFault strategy;
  return run_with(program, strategy);
}

// What report 003's membership activity runs under in Temporal: a timeout
// and a few attempts, so a lost completion is noticed and retried.
const ActivityOptions kRetriedWithTimeout{.start_to_close_timeout_ms = 10'000,
                                          .retry_policy = {.maximum_attempts = 3}};

// A workflow whose only activity counts how often its effect happened.
EngineProgram counting_program(std::shared_ptr<int> effects, FaultPlan faults, const ActivityOptions& options,
                               EngineProgram::Check quiescent = {}) {
  return EngineProgram(
      [effects, options](Execution&, WorkflowEngine& engine) {
        engine.start_workflow("T", "wf-1", [effects, options](WorkflowContext& ctx) {
          ctx.execute_activity("create_admin_membership", [effects] { ++*effects; }, options);
        });
      },
      faults, std::move(quiescent));
}

// A client that calls start_workflow up to `start_calls` times while the
// service is unreachable; the workflow runs two retried activities that count
// their effects. Returns how many starts failed through `failed_starts`.
EngineProgram::Body starting_client(std::shared_ptr<int> effects, int start_calls,
                                    std::shared_ptr<int> failed_starts = std::make_shared<int>(0)) {
  return [effects, start_calls, failed_starts](Execution&, WorkflowEngine& engine) {
    for (int call = 0; call < start_calls; ++call) {
      try {
        engine.start_workflow("T", "wf-1", [effects](WorkflowContext& ctx) {
          ctx.execute_activity("create_admin_membership", [effects] { ++*effects; }, kRetriedWithTimeout);
          ctx.execute_activity("mark_tenant_ready", [effects] { ++*effects; }, kRetriedWithTimeout);
        });
        return;
      } catch (const WorkflowServiceUnavailable&) {
        ++*failed_starts;
      }
    }
  };
}

// --- No fault plan, no draws ---------------------------------------------------

TEST(WorkflowFaults, DefaultPlanMakesNoDraws) {
  for (std::uint64_t schedule = 0; schedule < kFaultSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    auto effects = std::make_shared<int>(0);
    EngineProgram program = counting_program(effects, {}, kRetriedWithTimeout);
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(result.draws(), 0u);
    EXPECT_EQ(*effects, 1);
    EXPECT_EQ(program.engine().fault_counts().total(), 0u);
  }
}

TEST(WorkflowFaults, SpentBudgetMakesNoDraws) {
  auto effects = std::make_shared<int>(0);
  EngineProgram program = counting_program(
      effects, {.lost_activity_completion = true, .service_unavailable = true, .worker_crash = true, .max_faults = 0},
      kRetriedWithTimeout);
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(result.draws(), 0u);
  EXPECT_EQ(*effects, 1);
}

// --- Lost activity completion ---------------------------------------------------

TEST(WorkflowFaults, LostCompletionRerunsACompletedActivity) {
  auto effects = std::make_shared<int>(0);
  EngineProgram program = counting_program(effects, {.lost_activity_completion = true}, kRetriedWithTimeout);
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(*effects, 2);  // at least once: the effect happened twice
  const WorkflowRun& run = program.engine().runs().at(0);
  EXPECT_EQ(run.status, RunStatus::kCompleted);
  EXPECT_EQ(run.activity_attempts.at("create_admin_membership"), 2u);
  EXPECT_EQ(program.engine().fault_counts()[FaultKind::kLostActivityCompletion], 1u);
  EXPECT_EQ(result.draws(), 1u);  // the budget of one fault is spent

  std::vector<Event> lost = result.events_named("fault.lost_activity_completion");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].text, "the completion of create_admin_membership never reaches the workflow service");
  std::vector<Event> timeouts = result.events_named("activity.timeout");
  ASSERT_EQ(timeouts.size(), 1u);
  EXPECT_EQ(timeouts[0].time_ms, 10'000);
  std::vector<Event> starts = result.events_named("activity.start");
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0].result, "attempt 1");
  EXPECT_EQ(starts[1].text, "create_admin_membership");
  EXPECT_EQ(starts[1].result, "attempt 2");
  EXPECT_EQ(starts[1].time_ms, 11'000);  // timeout + 1 s backoff
}

TEST(WorkflowFaults, LostCompletionIsOnlyDrawnWhenATimeoutLeadsToAnotherAttempt) {
  const FaultPlan plan{.lost_activity_completion = true};
  const ActivityOptions no_timeout{.retry_policy = {.maximum_attempts = 3}};
  const ActivityOptions last_attempt{.start_to_close_timeout_ms = 10'000, .retry_policy = {.maximum_attempts = 1}};
  const ActivityOptions timeout_not_retried{
      .start_to_close_timeout_ms = 10'000,
      .retry_policy = {.non_retryable_error_types = {std::string(model::workflows::kStartToCloseTimeoutType)}}};
  for (const ActivityOptions& options : {no_timeout, last_attempt, timeout_not_retried}) {
    auto effects = std::make_shared<int>(0);
    EngineProgram program = counting_program(effects, plan, options);
    RunResult result = run_injecting_every_fault(program);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(result.draws(), 0u);
    EXPECT_EQ(*effects, 1);
  }
}

// The canary for at-least-once execution: a random search finds the rerun,
// and its trace replays it (the fault is in the choice stream).
TEST(WorkflowFaults, ExplorationFindsLostCompletionAndReplayRepeatsIt) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    ProgramFactory factory = [] {
      auto effects = std::make_shared<int>(0);
      auto ran_once = [effects](const WorkflowEngine&) -> std::optional<Violation> {
        if (*effects <= 1) return std::nullopt;
        return Violation{"idempotent-membership", "create_admin_membership ran " + std::to_string(*effects) + " times"};
      };
      return std::make_unique<EngineProgram>(
          counting_program(effects, {.lost_activity_completion = true}, kRetriedWithTimeout, ran_once));
    };
    RandomStrategy strategy(seed);
    ExploreResult found = explore(factory, strategy, {}, {.seed = seed, .schedules = 64});
    ASSERT_TRUE(found.first_failure_at.has_value());
    ASSERT_TRUE(found.trace.has_value());
    const Trace& trace = *found.trace;
    EXPECT_EQ(trace.verdict.status, VerdictStatus::kViolation);
    EXPECT_EQ(trace.verdict.message, "create_admin_membership ran 2 times");
    bool fault_drawn = false;
    for (const Choice& choice : trace.choices) fault_drawn |= choice == Choice::draw(1, 2);
    EXPECT_TRUE(fault_drawn);

    ReplayResult replayed = replay(factory, trace);
    EXPECT_FALSE(replayed.divergence.has_value()) << *replayed.divergence;
    EXPECT_EQ(replayed.replayed.verdict.status, VerdictStatus::kViolation);
  }
}

// --- Unreachable workflow service ---------------------------------------------

TEST(WorkflowFaults, UnavailableServiceStartsNothing) {
  std::vector<std::string> outcomes;
  int bodies_run = 0;
  EngineProgram program(
      [&](Execution&, WorkflowEngine& engine) {
        // A caller that retries the start, as report 001's sweeper would.
        for (int call = 0; call < 2; ++call) {
          try {
            engine.start_workflow("T", "wf-1", [&](WorkflowContext&) { ++bodies_run; });
            outcomes.push_back("started");
          } catch (const WorkflowServiceUnavailable& error) {
            outcomes.push_back(error.what());
          }
        }
      },
      {.service_unavailable = true});
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0], "workflow service unavailable: start_workflow T id=wf-1 did not reach it");
  EXPECT_EQ(outcomes[1], "started");  // one fault per execution
  EXPECT_EQ(bodies_run, 1);
  EXPECT_EQ(program.engine().runs().size(), 1u);
  EXPECT_EQ(program.engine().fault_counts()[FaultKind::kServiceUnavailable], 1u);

  std::vector<Event> starts = result.events_named("workflow.start");
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0].result, "error: RPCError (UNAVAILABLE)");
  EXPECT_EQ(starts[1].result, "started");
  ASSERT_EQ(result.events_named("fault.service_unavailable").size(), 1u);
}

// --- Crashed worker -----------------------------------------------------------

TEST(WorkflowFaults, WorkerCrashFailsTheAttemptBeforeItRunsAndItIsRetried) {
  auto effects = std::make_shared<int>(0);
  EngineProgram program =
      counting_program(effects, {.worker_crash = true}, {.retry_policy = {.maximum_attempts = 3}});
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(*effects, 1);  // the crashed attempt did nothing
  const WorkflowRun& run = program.engine().runs().at(0);
  EXPECT_EQ(run.status, RunStatus::kCompleted);
  EXPECT_EQ(run.activity_attempts.at("create_admin_membership"), 2u);
  EXPECT_EQ(program.engine().fault_counts()[FaultKind::kWorkerCrash], 1u);
  std::vector<Event> retries = result.events_named("activity.retry");
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_EQ(retries[0].time_ms, 0);  // no timeout: noticed at once
  EXPECT_EQ(retries[0].text,
            "retry create_admin_membership in 1000 ms (create_admin_membership failed: the worker crashed while "
            "running the activity)");
}

TEST(WorkflowFaults, WorkerCrashWithTimeoutIsNoticedAtTheDeadline) {
  auto effects = std::make_shared<int>(0);
  EngineProgram program = counting_program(effects, {.worker_crash = true}, kRetriedWithTimeout);
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(*effects, 1);
  std::vector<Event> timeouts = result.events_named("activity.timeout");
  ASSERT_EQ(timeouts.size(), 1u);
  EXPECT_EQ(timeouts[0].time_ms, 10'000);
  ASSERT_EQ(result.events_named("fault.worker_crash").size(), 1u);
}

TEST(WorkflowFaults, WorkerCrashOnTheOnlyAttemptFailsTheWorkflow) {
  auto effects = std::make_shared<int>(0);
  EngineProgram program = counting_program(effects, {.worker_crash = true}, ActivityOptions::single_attempt());
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(*effects, 0);
  const WorkflowRun& run = program.engine().runs().at(0);
  EXPECT_EQ(run.status, RunStatus::kFailed);
  ASSERT_TRUE(run.failure_cause.has_value());
  EXPECT_EQ(run.failure_cause->kind, FailureKind::kWorkerCrash);
  EXPECT_EQ(run.failure_cause->type, kWorkerCrashType);
}

// --- The fault budget and exploration -------------------------------------------

TEST(WorkflowFaults, MaxFaultsBoundsTheFaultsOfAnExecution) {
  auto effects = std::make_shared<int>(0);
  auto failed_starts = std::make_shared<int>(0);
  EngineProgram program(
      starting_client(effects, /*start_calls=*/3, failed_starts),
      {.lost_activity_completion = true, .service_unavailable = true, .worker_crash = true, .max_faults = 2});
  RunResult result = run_injecting_every_fault(program);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(*failed_starts, 2);
  EXPECT_EQ(program.engine().fault_counts().total(), 2u);
  EXPECT_EQ(result.draws(), 2u);  // none once the budget is spent
  EXPECT_EQ(*effects, 2);         // each activity once
}

const FaultPlan kEveryFault{.lost_activity_completion = true, .service_unavailable = true, .worker_crash = true,
                            .max_faults = 2};

TEST(WorkflowFaults, RandomExplorationReachesEveryFaultKind) {
  std::array<std::uint32_t, kFaultKinds> reached{};
  for (std::uint64_t schedule = 0; schedule < kFaultSchedules; ++schedule) {
    EngineProgram program(starting_client(std::make_shared<int>(0), /*start_calls=*/1), kEveryFault);
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    for (std::size_t kind = 0; kind < kFaultKinds; ++kind) {
      reached[kind] += program.engine().fault_counts()[static_cast<FaultKind>(kind)];
    }
  }
  for (std::size_t kind = 0; kind < kFaultKinds; ++kind) {
    if (kEveryFault.enables(static_cast<FaultKind>(kind))) {
      EXPECT_GT(reached[kind], 0u) << kind;
    }
  }
}

// --- Determinism ------------------------------------------------------------------

TEST(WorkflowFaults, SameSeedGivesIdenticalChoicesAndEvents) {
  for (std::uint64_t schedule = 0; schedule < kFaultSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    std::vector<RunResult> results;
    for (int repetition = 0; repetition < 2; ++repetition) {
      EngineProgram program(starting_client(std::make_shared<int>(0), /*start_calls=*/2), kEveryFault);
      results.push_back(run(program, schedule, /*seed=*/99));
    }
    EXPECT_EQ(results[0].choices, results[1].choices);
    EXPECT_EQ(results[0].events, results[1].events);
  }
}

}  // namespace
}  // namespace interleave
