#include "model/workflows/workflow_errors.h"

#include <utility>

#include <fmt/format.h>

namespace interleave::model::workflows {

ActivityFailure failure_of(const std::exception& error) {
  if (const auto* application = dynamic_cast<const ApplicationError*>(&error)) {
    return {FailureKind::kApplication, application->type(), application->what(), application->non_retryable()};
  }
  return {FailureKind::kApplication, std::string(kUnclassifiedErrorType), error.what(), false};
}

std::string_view to_string(RetryState state) {
  switch (state) {
    case RetryState::kMaximumAttemptsReached: return "maximum attempts reached";
    case RetryState::kNonRetryableFailure: return "non-retryable failure";
  }
  return "unknown";
}

ActivityError::ActivityError(std::string activity, std::uint32_t attempts, RetryState retry_state,
                             ActivityFailure cause)
    : std::runtime_error(fmt::format("activity {} failed: {}", activity, cause.message)),
      activity_(std::move(activity)),
      attempts_(attempts),
      retry_state_(retry_state),
      cause_(std::move(cause)) {}

}  // namespace interleave::model::workflows
