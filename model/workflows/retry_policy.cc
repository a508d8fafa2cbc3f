#include "model/workflows/retry_policy.h"

#include <algorithm>
#include <stdexcept>

#include "model/workflows/workflow_errors.h"

namespace interleave::model::workflows {

void validate(const ActivityOptions& options) {
  const RetryPolicy& policy = options.retry_policy;
  if (policy.initial_interval_ms <= 0) {
    throw std::invalid_argument("InitialInterval must be greater than 0 on retry policy.");
  }
  if (!(policy.backoff_coefficient >= 1.0)) {
    throw std::invalid_argument("BackoffCoefficient cannot be less than 1 on retry policy.");
  }
  if (maximum_interval_ms(policy) < policy.initial_interval_ms) {
    throw std::invalid_argument("MaximumInterval cannot be less than InitialInterval on retry policy.");
  }
  if (options.start_to_close_timeout_ms && *options.start_to_close_timeout_ms <= 0) {
    throw std::invalid_argument("StartToCloseTimeout must be greater than 0.");
  }
}

std::int64_t maximum_interval_ms(const RetryPolicy& policy) {
  return policy.maximum_interval_ms.value_or(100 * policy.initial_interval_ms);
}

std::int64_t retry_backoff_ms(const RetryPolicy& policy, std::uint32_t failed_attempt) {
  const auto cap = static_cast<double>(maximum_interval_ms(policy));
  auto interval = static_cast<double>(policy.initial_interval_ms);
  // Stops at the cap, so the loop is short even for attempt 10'000.
  for (std::uint32_t attempt = 1; attempt < failed_attempt && interval < cap; ++attempt) {
    interval *= policy.backoff_coefficient;
  }
  return static_cast<std::int64_t>(std::min(interval, cap));
}

bool is_retryable(const ActivityFailure& failure, const RetryPolicy& policy) {
  if (failure.non_retryable) return false;
  const auto& types = policy.non_retryable_error_types;
  return std::find(types.begin(), types.end(), failure.type) == types.end();
}

bool has_attempt_after(const RetryPolicy& policy, std::uint32_t attempt) {
  return policy.maximum_attempts == 0 || attempt < policy.maximum_attempts;
}

}  // namespace interleave::model::workflows
