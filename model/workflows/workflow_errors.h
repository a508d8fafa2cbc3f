#pragma once
// The errors of the workflow service, named after temporalio's: what a client
// gets from start_workflow, what an activity raises to fail, and what the
// workflow gets when an activity has failed for good.

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace interleave::model::workflows {

// temporalio's WorkflowAlreadyStartedError: a run with this id is still open.
class WorkflowAlreadyStarted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// temporalio's RPCError with status UNAVAILABLE: the client could not reach
// the workflow service, so nothing was started.
class WorkflowServiceUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// temporalio's RPCError with status DEADLINE_EXCEEDED on start_workflow:
// the client gave up waiting, yet the service may have started the run.
class WorkflowStartTimedOut : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// temporalio's WorkflowFailureError: the awaited workflow failed.
class WorkflowFailureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What an activity throws to fail with a type the retry policy can match,
// like temporalio's ApplicationError(message, type=..., non_retryable=...).
// `non_retryable` ends the retries whatever the policy says.
//
// Example:
//   throw ApplicationError("ForeignKeyViolation", "tenant 7 not found", /*non_retryable=*/true);
class ApplicationError : public std::runtime_error {
 public:
  ApplicationError(std::string type, const std::string& message, bool non_retryable = false)
      : std::runtime_error(message), type_(std::move(type)), non_retryable_(non_retryable) {}
  const std::string& type() const { return type_; }
  bool non_retryable() const { return non_retryable_; }

 private:
  std::string type_;
  bool non_retryable_;
};

// Failure types besides an ApplicationError's own.
// Any other exception: C++ has no portable class name to use instead
// (typeid names are mangled differently by each compiler).
inline constexpr std::string_view kUnclassifiedErrorType = "Error";
// The attempt ran longer than its start-to-close timeout (the Temporal
// server's name, so a policy can list it as non-retryable).
inline constexpr std::string_view kStartToCloseTimeoutType = "TemporalTimeout:TIMEOUT_TYPE_START_TO_CLOSE";
// The worker crashed and the attempt has no timeout to notice it by.
inline constexpr std::string_view kWorkerCrashType = "WorkerCrash";

enum class FailureKind : std::uint8_t { kApplication, kTimeout, kWorkerCrash };

// Why one activity attempt failed.
struct ActivityFailure {
  FailureKind kind = FailureKind::kApplication;
  std::string type;
  std::string message;
  bool non_retryable = false;  // the error's own flag, not the policy's list
};

// The failure an exception thrown by an activity stands for.
ActivityFailure failure_of(const std::exception& error);

// temporalio's RetryState: why the retries stopped.
enum class RetryState : std::uint8_t { kMaximumAttemptsReached, kNonRetryableFailure };
std::string_view to_string(RetryState state);

// An activity failed for good; the workflow sees it as temporalio's
// ActivityError, with the last attempt's failure as its cause.
// what() is "activity <name> failed: <cause message>".
class ActivityError : public std::runtime_error {
 public:
  ActivityError(std::string activity, std::uint32_t attempts, RetryState retry_state, ActivityFailure cause);
  const std::string& activity() const { return activity_; }
  std::uint32_t attempts() const { return attempts_; }
  RetryState retry_state() const { return retry_state_; }
  const ActivityFailure& cause() const { return cause_; }

 private:
  std::string activity_;
  std::uint32_t attempts_;
  RetryState retry_state_;
  ActivityFailure cause_;
};

}  // namespace interleave::model::workflows
