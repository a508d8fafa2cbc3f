// Activities: attempts as actors, retries with backoff, start-to-close
// timeouts, and the faults that strike an attempt (a crashed worker, a lost
// completion).

#include <utility>

#include <fmt/format.h>

#include "model/workflows/workflow_engine.h"

namespace interleave::model::workflows {

namespace {

// How events name an attempt: the first by the activity's name alone, as
// before retries existed; later ones with their number.
std::string attempt_label(const std::string& name, std::uint32_t number) {
  return number == 1 ? name : fmt::format("{} attempt {}", name, number);
}

std::string outcome_text(const std::optional<ActivityFailure>& failure) {
  return failure ? fmt::format("failed: {}", failure->message) : std::string("completed");
}

ActivityFailure start_to_close_timeout(std::int64_t timeout_ms) {
  return {FailureKind::kTimeout, std::string(kStartToCloseTimeoutType),
          fmt::format("activity StartToClose timeout ({} ms)", timeout_ms), false};
}

// Runs the activity's code; an exception becomes the attempt's failure.
std::optional<ActivityFailure> run_activity_code(const WorkflowContext::Activity& activity) {
  try {
    activity();
    return std::nullopt;
  } catch (const std::exception& error) {
    return failure_of(error);
  } catch (const ExecutionCancelled&) {
    throw;  // not a failure of the activity: the execution stopped
  } catch (...) {
    return ActivityFailure{FailureKind::kApplication, std::string(kUnclassifiedErrorType),
                           "unknown exception (not a std::exception)", false};
  }
}

void record_fault(Execution& exec, FaultKind kind, std::string text, std::string result) {
  if (exec.recording()) exec.record(std::string(fault_event_op(kind)), std::move(text), std::move(result));
}

}  // namespace

// What every attempt of one execute_activity() call runs, made once and
// shared: an attempt may outlive the call.
struct WorkflowContext::ActivityPlan {
  std::string name;
  Activity code;
};

// Read by the waiting workflow and the attempt's actor, which may outlive
// the wait: a timed-out attempt runs on to its end, and a stopped execution
// may unwind the workflow first. The engine owns it.
struct WorkflowContext::Attempt {
  Attempt(Execution& exec, std::shared_ptr<const ActivityPlan> plan, std::uint32_t number)
      : plan(std::move(plan)), name(this->plan->name), number(number), arrived(exec) {}

  std::string label() const { return attempt_label(name, number); }
  void report(Execution& exec, std::optional<ActivityFailure> outcome) {
    exec.touch(resource_id(ResourceKind::kAttempt, exec.current()), Access::kWrite);
    reported = true;
    failure = std::move(outcome);
    arrived.notify_all();
  }

  // The plan, fixed before the actor starts.
  std::shared_ptr<const ActivityPlan> plan;
  const std::string& name;  // plan->name
  std::uint32_t number;
  std::optional<std::int64_t> deadline_ms;  // when its start-to-close timeout expires
  bool completion_may_be_lost = false;

  // The report to the workflow.
  WaitQueue arrived;
  bool reported = false;
  std::optional<ActivityFailure> failure;  // once reported: nullopt = completed
};

void WorkflowContext::execute_activity(std::string_view name, Activity activity) {
  execute_activity(name, std::move(activity), ActivityOptions::single_attempt());
}

void WorkflowContext::execute_activity(std::string_view name, Activity activity, const ActivityOptions& options) {
  validate(options);
  Execution& exec = engine_.exec_;
  const RetryPolicy& policy = options.retry_policy;
  // Shared by every attempt, stale ones included.
  const auto plan = std::make_shared<const ActivityPlan>(ActivityPlan{std::string(name), std::move(activity)});
  const std::string& activity_name = plan->name;
  for (std::uint32_t number = 1;; ++number) {
    std::optional<ActivityFailure> failure = run_attempt(plan, number, options);
    if (!failure) return;
    // The Temporal server's order: the attempt budget first, then the type.
    if (!has_attempt_after(policy, number)) {
      throw ActivityError(activity_name, number, RetryState::kMaximumAttemptsReached, std::move(*failure));
    }
    if (!is_retryable(*failure, policy)) {
      throw ActivityError(activity_name, number, RetryState::kNonRetryableFailure, std::move(*failure));
    }
    const std::int64_t backoff_ms = retry_backoff_ms(policy, number);
    if (exec.recording()) {
      exec.record("activity.retry",
                  fmt::format("retry {} in {} ms ({} failed: {})", activity_name, backoff_ms,
                              attempt_label(activity_name, number), failure->message),
                  fmt::format("attempt {}", number + 1));
    }
    exec.sleep_for(backoff_ms);
  }
}

std::optional<ActivityFailure> WorkflowContext::run_attempt(const std::shared_ptr<const ActivityPlan>& plan,
                                                            std::uint32_t number, const ActivityOptions& options) {
  Execution& exec = engine_.exec_;
  const std::string& name = plan->name;
  // The engine keeps it until the world goes: the workflow may stop waiting
  // (a timeout, an unwinding execution) while its actor runs on, and the
  // actor holds only a pointer (a closure that small needs no allocation).
  auto owned = std::make_shared<Attempt>(exec, plan, number);
  Attempt* attempt = owned.get();
  engine_.attempts_.push_back(std::move(owned));
  const std::optional<std::int64_t> timeout_ms = options.start_to_close_timeout_ms;
  // The attempt starts now: its actor is runnable, so virtual time cannot
  // pass before it runs.
  if (timeout_ms) attempt->deadline_ms = exec.now_ms() + *timeout_ms;
  // A lost completion is only worth a choice when it changes what happens:
  // the timeout that reveals it must exist and lead to another attempt.
  attempt->completion_may_be_lost = timeout_ms && has_attempt_after(options.retry_policy, number) &&
                                    is_retryable(start_to_close_timeout(*timeout_ms), options.retry_policy);

  // Actor names are unique: every attempt of a name in this run gets a number.
  const std::uint32_t spawned = ++run_.activity_attempts[name];
  // Built without fmt: this runs for every attempt of every schedule.
  const std::string& workflow_name = exec.actor_info(run_.actor).name;
  std::string actor_name;
  actor_name.reserve(workflow_name.size() + 1 + name.size() + 4);  // "#n" without growing
  actor_name += workflow_name;
  actor_name += '/';
  actor_name += name;
  if (spawned > 1) actor_name += '#' + std::to_string(spawned);
  // Only traces show what an actor was asked: no copy while exploring.
  ActorId worker = exec.spawn({.name = std::move(actor_name), .kind = "activity",
                               .operation = exec.recording() ? name : std::string(), .parent = run_.actor},
                              [&engine = engine_, attempt] { perform(engine, *attempt); });

  const auto waiting_for = [&name] { return fmt::format("activity {}", name); };
  exec.touch(resource_id(ResourceKind::kAttempt, worker), Access::kRead);
  while (!attempt->reported) {
    if (attempt->arrived.wait({&worker, 1}, WaitLabel::written_by(waiting_for), attempt->deadline_ms) == WakeReason::kTimedOut) break;
  }
  if (attempt->reported) return attempt->failure;
  if (exec.recording()) {
    exec.record("activity.timeout", attempt->label(),
                fmt::format("no completion within {} ms (StartToClose)", *timeout_ms));
  }
  return start_to_close_timeout(*timeout_ms);
}

void WorkflowContext::perform(WorkflowEngine& engine, Attempt& attempt) {
  Execution& exec = engine.exec_;
  if (exec.recording()) exec.record("activity.start", attempt.name, fmt::format("attempt {}", attempt.number));
  if (engine.inject_fault(FaultKind::kWorkerCrash)) {
    record_fault(exec, FaultKind::kWorkerCrash, fmt::format("the worker crashed before running {}", attempt.label()),
                 "crashed");
    // With a timeout the service learns of the crash only when it expires;
    // without one the model reports it at once (Temporal would wait for ever).
    if (!attempt.deadline_ms) {
      attempt.report(exec, ActivityFailure{FailureKind::kWorkerCrash, std::string(kWorkerCrashType),
                                     "the worker crashed while running the activity", false});
    }
    return;
  }
  std::optional<ActivityFailure> failure = run_activity_code(attempt.plan->code);
  // At the deadline the workflow's timer has fired: a report now would
  // contradict the timeout it is about to see.
  const bool too_late = attempt.deadline_ms && exec.now_ms() >= *attempt.deadline_ms;
  if (exec.recording()) {
    exec.record("activity.end", attempt.label(),
                outcome_text(failure) + (too_late ? " (after its start-to-close timeout: ignored)" : ""));
  }
  if (too_late) return;
  if (attempt.completion_may_be_lost && engine.inject_fault(FaultKind::kLostActivityCompletion)) {
    record_fault(exec, FaultKind::kLostActivityCompletion,
                 fmt::format("the completion of {} never reaches the workflow service", attempt.label()), "lost");
    return;
  }
  attempt.report(exec, std::move(failure));
}

}  // namespace interleave::model::workflows
