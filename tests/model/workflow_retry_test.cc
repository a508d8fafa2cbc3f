// Retry policies and start-to-close timeouts of the workflow model, in
// virtual time.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "model/workflows/workflow_engine.h"
#include "tests/model/workflow_test_program.h"

namespace interleave {
namespace {

using model::workflows::ActivityError;
using model::workflows::ActivityOptions;
using model::workflows::ApplicationError;
using model::workflows::FailureKind;
using model::workflows::kStartToCloseTimeoutType;
using model::workflows::maximum_interval_ms;
using model::workflows::retry_backoff_ms;
using model::workflows::RetryPolicy;
using model::workflows::RetryState;
using model::workflows::RunStatus;
using model::workflows::WorkflowContext;
using model::workflows::WorkflowEngine;
using test_support::ActivityOutcome;
using test_support::EngineProgram;
using test_support::run;
using test_support::run_one_activity;
using test_support::RunResult;

constexpr std::uint64_t kRetrySchedules = 20;

// --- The backoff, as a function ----------------------------------------------

TEST(WorkflowRetryPolicy, DefaultBackoffDoublesFromOneSecondUpToHundredSeconds) {
  const RetryPolicy policy;
  const std::vector<std::int64_t> expected = {1000, 2000, 4000, 8000, 16000, 32000, 64000, 100000, 100000};
  for (std::uint32_t attempt = 1; attempt <= expected.size(); ++attempt) {
    EXPECT_EQ(retry_backoff_ms(policy, attempt), expected[attempt - 1]) << "after attempt " << attempt;
  }
  EXPECT_EQ(retry_backoff_ms(policy, 1'000'000), 100000);
}

TEST(WorkflowRetryPolicy, MaximumIntervalDefaultsToHundredTimesInitial) {
  EXPECT_EQ(maximum_interval_ms({.initial_interval_ms = 250}), 25000);
  EXPECT_EQ(maximum_interval_ms({.initial_interval_ms = 250, .maximum_interval_ms = 600}), 600);
}

TEST(WorkflowRetryPolicy, FractionalCoefficientTruncatesToWholeMilliseconds) {
  const RetryPolicy policy{.initial_interval_ms = 500, .backoff_coefficient = 1.5, .maximum_interval_ms = 2000};
  EXPECT_EQ(retry_backoff_ms(policy, 1), 500);
  EXPECT_EQ(retry_backoff_ms(policy, 2), 750);
  EXPECT_EQ(retry_backoff_ms(policy, 3), 1125);
  EXPECT_EQ(retry_backoff_ms(policy, 4), 1687);
  EXPECT_EQ(retry_backoff_ms(policy, 5), 2000);
}

TEST(WorkflowRetryPolicy, ValidateRejectsWhatTemporalRejects) {
  using model::workflows::validate;
  EXPECT_NO_THROW(validate({}));
  EXPECT_NO_THROW(validate(ActivityOptions::single_attempt()));
  EXPECT_THROW(validate({.retry_policy = {.initial_interval_ms = 0}}), std::invalid_argument);
  EXPECT_THROW(validate({.retry_policy = {.backoff_coefficient = 0.5}}), std::invalid_argument);
  EXPECT_THROW(validate({.retry_policy = {.initial_interval_ms = 1000, .maximum_interval_ms = 999}}),
               std::invalid_argument);
  EXPECT_THROW(validate({.start_to_close_timeout_ms = 0}), std::invalid_argument);
}

// --- Retries in a running workflow ---------------------------------------------

// An activity that fails until attempt `succeed_at` (never when 0),
// recording the virtual time each attempt started at.
struct RetriedActivity {
  std::uint32_t succeed_at = 0;
  std::vector<std::int64_t> started_at_ms;

  ActivityOutcome run(const ActivityOptions& options, std::uint64_t schedule = 0) {
    return run_one_activity([this](Execution& exec) { attempt(exec); }, options, schedule);
  }
  void attempt(Execution& exec) {
    started_at_ms.push_back(exec.now_ms());
    const auto number = static_cast<std::uint32_t>(started_at_ms.size());
    if (number != succeed_at) throw std::runtime_error("boom " + std::to_string(number));
  }
};

TEST(WorkflowRetry, FailedAttemptsWaitTheBackoffInVirtualTime) {
  for (std::uint64_t schedule = 0; schedule < kRetrySchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    RetriedActivity activity{.succeed_at = 5};
    ActivityOutcome outcome = activity.run({}, schedule);
    const RunResult& result = outcome.result;
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(activity.started_at_ms, (std::vector<std::int64_t>{0, 1000, 3000, 7000, 15000}));
    EXPECT_FALSE(outcome.error.has_value());
    EXPECT_EQ(outcome.run.status, RunStatus::kCompleted);
    EXPECT_EQ(outcome.run.activity_attempts.at("act"), 5u);

    // Every attempt is its own actor, a child of the workflow.
    const ActorInfo* workflow = result.actor("wf-1");
    ASSERT_NE(workflow, nullptr);
    for (const char* name : {"wf-1/act", "wf-1/act#2", "wf-1/act#3", "wf-1/act#4", "wf-1/act#5"}) {
      const ActorInfo* attempt = result.actor(name);
      ASSERT_NE(attempt, nullptr) << name;
      EXPECT_EQ(attempt->kind, "activity");
      EXPECT_EQ(attempt->parent, workflow->id);
    }
    std::vector<Event> retries = result.events_named("activity.retry");
    ASSERT_EQ(retries.size(), 4u);
    EXPECT_EQ(retries[0].text, "retry act in 1000 ms (act failed: boom 1)");
    EXPECT_EQ(retries[0].result, "attempt 2");
    EXPECT_EQ(retries[3].text, "retry act in 8000 ms (act attempt 4 failed: boom 4)");
    EXPECT_EQ(retries[3].time_ms, 7000);
  }
}

TEST(WorkflowRetry, BackoffIsCappedAtMaximumInterval) {
  RetriedActivity activity{.succeed_at = 6};
  ActivityOutcome outcome = activity.run({.retry_policy = {.initial_interval_ms = 1000, .maximum_interval_ms = 3000}});
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  EXPECT_EQ(activity.started_at_ms, (std::vector<std::int64_t>{0, 1000, 3000, 6000, 9000, 12000}));
}

TEST(WorkflowRetry, MaximumAttemptsEndsRetriesWithTheLastFailure) {
  RetriedActivity activity;
  ActivityOutcome outcome = activity.run({.retry_policy = {.maximum_attempts = 3}});
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  EXPECT_EQ(activity.started_at_ms.size(), 3u);
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->attempts(), 3u);
  EXPECT_EQ(outcome.error->retry_state(), RetryState::kMaximumAttemptsReached);
  EXPECT_EQ(outcome.error->cause().message, "boom 3");
  EXPECT_STREQ(outcome.error->what(), "activity act failed: boom 3");
}

// Runs "act" under `options`, throwing `error` at every attempt; returns how
// many attempts ran and what the workflow caught.
std::pair<int, std::optional<ActivityError>> attempts_until_given_up(const ApplicationError& error,
                                                                     const ActivityOptions& options) {
  int attempts = 0;
  ActivityOutcome outcome = run_one_activity(
      [&](Execution&) {
        ++attempts;
        throw error;
      },
      options);
  EXPECT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  return {attempts, outcome.error};
}

TEST(WorkflowRetry, NonRetryableErrorTypeStopsRetries) {
  const ActivityOptions options{.retry_policy = {.maximum_attempts = 5,
                                                 .non_retryable_error_types = {"ForeignKeyViolation"}}};
  auto [attempts, caught] = attempts_until_given_up(ApplicationError("ForeignKeyViolation", "no tenant"), options);
  EXPECT_EQ(attempts, 1);
  ASSERT_TRUE(caught.has_value());
  EXPECT_EQ(caught->retry_state(), RetryState::kNonRetryableFailure);
  EXPECT_EQ(caught->cause().type, "ForeignKeyViolation");

  // Another type is retried; the match is exact, never a substring.
  auto [other_attempts, other] = attempts_until_given_up(ApplicationError("ForeignKey", "no tenant"), options);
  EXPECT_EQ(other_attempts, 5);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->retry_state(), RetryState::kMaximumAttemptsReached);
}

TEST(WorkflowRetry, NonRetryableFlagStopsRetriesWhateverThePolicy) {
  auto [attempts, caught] =
      attempts_until_given_up(ApplicationError("Fatal", "bad input", /*non_retryable=*/true), {});
  EXPECT_EQ(attempts, 1);
  ASSERT_TRUE(caught.has_value());
  EXPECT_EQ(caught->retry_state(), RetryState::kNonRetryableFailure);
  EXPECT_TRUE(caught->cause().non_retryable);
}

TEST(WorkflowRetry, OtherExceptionsHaveTheTypeError) {
  RetriedActivity activity;
  ActivityOutcome outcome = activity.run({.retry_policy = {.non_retryable_error_types = {"Error"}}});
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  EXPECT_EQ(activity.started_at_ms.size(), 1u);
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->cause().type, "Error");
}

TEST(WorkflowRetry, InvalidOptionsFailTheWorkflowWithoutRunningTheActivity) {
  RetriedActivity activity;
  ActivityOutcome outcome = activity.run({.retry_policy = {.backoff_coefficient = 0.5}});
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  EXPECT_TRUE(activity.started_at_ms.empty());
  EXPECT_EQ(outcome.run.status, RunStatus::kFailed);
  EXPECT_NE(outcome.run.failure.find("BackoffCoefficient"), std::string::npos) << outcome.run.failure;
}

// --- Start-to-close timeouts ---------------------------------------------------

// As in Temporal, the timed-out attempt's work still happens: its actor runs
// on to the end while the next attempt runs, and its result is ignored.
TEST(WorkflowTimeout, TimedOutAttemptIsRetriedWhileItsActorStillCompletes) {
  for (std::uint64_t schedule = 0; schedule < kRetrySchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    std::vector<std::int64_t> effects_at_ms;
    int attempt = 0;  // outlives the workflow, as the stale attempt does
    EngineProgram program([&](Execution& exec, WorkflowEngine& engine) {
      engine.start_workflow("T", "wf-1", [&](WorkflowContext& ctx) {
        ctx.execute_activity("slow", [&] {
          if (++attempt == 1) exec.sleep_for(5000);  // overruns its 2 s
          effects_at_ms.push_back(exec.now_ms());
        }, {.start_to_close_timeout_ms = 2000, .retry_policy = {.maximum_attempts = 2}});
      });
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    // Attempt 2 at 2 s + 1 s backoff; the stale attempt 1 at 5 s.
    EXPECT_EQ(effects_at_ms, (std::vector<std::int64_t>{3000, 5000}));
    EXPECT_EQ(program.engine().runs().at(0).status, RunStatus::kCompleted);

    std::vector<Event> timeouts = result.events_named("activity.timeout");
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].time_ms, 2000);
    EXPECT_EQ(timeouts[0].result, "no completion within 2000 ms (StartToClose)");
    std::vector<Event> ends = result.events_named("activity.end");
    ASSERT_EQ(ends.size(), 2u);
    EXPECT_EQ(ends[0].text, "slow attempt 2");
    EXPECT_EQ(ends[0].result, "completed");
    EXPECT_EQ(ends[1].text, "slow");
    EXPECT_EQ(ends[1].result, "completed (after its start-to-close timeout: ignored)");
    EXPECT_EQ(ends[1].time_ms, 5000);
    // The workflow did not wait for the stale attempt.
    std::vector<Event> workflow_end = result.events_named("workflow.end");
    ASSERT_EQ(workflow_end.size(), 1u);
    EXPECT_EQ(workflow_end[0].time_ms, 3000);
  }
}

// Sleeps `sleep_ms` in an activity allowed `timeout_ms` per attempt.
ActivityOutcome run_sleeping_activity(std::int64_t sleep_ms, std::int64_t timeout_ms, const RetryPolicy& policy,
                                      std::uint64_t schedule = 0) {
  return run_one_activity([sleep_ms](Execution& exec) { exec.sleep_for(sleep_ms); },
                          ActivityOptions{.start_to_close_timeout_ms = timeout_ms, .retry_policy = policy}, schedule);
}

TEST(WorkflowTimeout, TimeoutOfTheLastAttemptIsTheCause) {
  ActivityOutcome outcome = run_sleeping_activity(5000, 2000, {.maximum_attempts = 1});
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->cause().kind, FailureKind::kTimeout);
  EXPECT_EQ(outcome.error->cause().type, kStartToCloseTimeoutType);
  EXPECT_STREQ(outcome.error->what(), "activity act failed: activity StartToClose timeout (2000 ms)");
}

TEST(WorkflowTimeout, PolicyCanListTheTimeoutAsNonRetryable) {
  ActivityOutcome outcome =
      run_sleeping_activity(5000, 2000, {.non_retryable_error_types = {std::string(kStartToCloseTimeoutType)}});
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  EXPECT_EQ(outcome.run.activity_attempts.at("act"), 1u);
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->retry_state(), RetryState::kNonRetryableFailure);
}

// At the deadline the workflow's timer fires first: completing at exactly
// the timeout is too late, whatever the schedule.
TEST(WorkflowTimeout, CompletionAtTheDeadlineIsTooLate) {
  for (std::uint64_t schedule = 0; schedule < kRetrySchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    ActivityOutcome outcome = run_sleeping_activity(2000, 2000, {.maximum_attempts = 1}, schedule);
    ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
    ASSERT_TRUE(outcome.error.has_value());
    EXPECT_EQ(outcome.error->cause().kind, FailureKind::kTimeout);
  }
}

}  // namespace
}  // namespace interleave
