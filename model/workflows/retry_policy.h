#pragma once
// How an activity is retried and how long one attempt may run, as Temporal
// defines them (temporalio.common.RetryPolicy, workflow.execute_activity's
// start_to_close_timeout). Times are virtual milliseconds.
//
// After failed attempt n the workflow waits
//   min(initial_interval_ms × backoff_coefficient^(n−1), maximum_interval)
// and starts attempt n+1, unless the failure is non-retryable or attempt n was
// the last one allowed. With the defaults: 1 s, 2 s, 4 s, ... capped at 100 s,
// forever.
//
// Example (the deletion workflow of report 002):
//   ctx.execute_activity("soft_delete_tenant", soft_delete,
//                        {.start_to_close_timeout_ms = 10'000,
//                         .retry_policy = {.maximum_attempts = 3}});

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interleave::model::workflows {

struct ActivityFailure;

struct RetryPolicy {
  std::int64_t initial_interval_ms = 1000;
  double backoff_coefficient = 2.0;
  // The cap on the backoff; none means 100 × initial_interval_ms.
  std::optional<std::int64_t> maximum_interval_ms;
  // Attempts in all, the first included; 0 means unlimited, 1 means no retry.
  std::uint32_t maximum_attempts = 0;
  // Failure types that end the retries: an ApplicationError's type, "Error"
  // for any other exception, or "TemporalTimeout:TIMEOUT_TYPE_START_TO_CLOSE".
  // Matched exactly, never as a substring.
  std::vector<std::string> non_retryable_error_types;
};

struct ActivityOptions {
  // How long one attempt may run; none means for ever (then a lost
  // completion cannot be noticed, so that fault is not injected).
  std::optional<std::int64_t> start_to_close_timeout_ms;
  RetryPolicy retry_policy;

  // One attempt, no timeout: what execute_activity(name, fn) means, so the
  // services written before retries existed keep their behaviour. Temporal's
  // own default (ActivityOptions{}) retries for ever.
  static ActivityOptions single_attempt() { return {.retry_policy = {.maximum_attempts = 1}}; }
};

// Throws std::invalid_argument, with the Temporal server's wording, when the
// options are not a valid Temporal configuration.
void validate(const ActivityOptions& options);

// The cap on the backoff after applying the 100 × initial default.
std::int64_t maximum_interval_ms(const RetryPolicy& policy);

// The wait before the attempt after failed attempt `failed_attempt` (>= 1).
// Computed by repeated multiplication, not std::pow, so it is bit-identical
// on every standard library.
std::int64_t retry_backoff_ms(const RetryPolicy& policy, std::uint32_t failed_attempt);

// Whether `failure` may be retried at all: the error's own non-retryable
// flag, then the policy's list of types.
bool is_retryable(const ActivityFailure& failure, const RetryPolicy& policy);

// Whether the policy allows an attempt after attempt `attempt`.
bool has_attempt_after(const RetryPolicy& policy, std::uint32_t attempt);

}  // namespace interleave::model::workflows
