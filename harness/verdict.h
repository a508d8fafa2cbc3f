#pragma once
// How an execution (or a whole exploration) ended.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interleave {

enum class VerdictStatus : std::uint8_t {
  kHolds,           // every property held
  kViolation,       // a property was violated
  kDeadlock,        // every live actor was blocked, nobody could wake them
  kBudgetExceeded,  // the step or virtual-time budget ran out (a livelock)
  kCrash,           // an actor threw an unexpected exception: a bug in model or service
  kDivergence,      // a replay could not follow its trace
  // Not results: the schedule is neither counted nor judged.
  kAbandoned,      // the strategy's reduction gave it up: covered by others
  kNotReplayable,  // a second backend (PostgreSQL) cannot follow it (lockstep)
};

std::string_view to_string(VerdictStatus status);
std::optional<VerdictStatus> parse_verdict_status(std::string_view text);

struct Verdict {
  VerdictStatus status = VerdictStatus::kHolds;
  std::string property;  // for kViolation
  std::string message;
  std::uint32_t step = 0;  // where the execution stopped
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

}  // namespace interleave
