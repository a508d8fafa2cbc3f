#include "harness/verdict.h"

#include <array>
#include <utility>

namespace interleave {

namespace {
constexpr std::array<std::pair<VerdictStatus, std::string_view>, 8> kNames{{
    {VerdictStatus::kHolds, "holds"},
    {VerdictStatus::kViolation, "violation"},
    {VerdictStatus::kDeadlock, "deadlock"},
    {VerdictStatus::kBudgetExceeded, "budget-exceeded"},
    {VerdictStatus::kCrash, "crash"},
    {VerdictStatus::kDivergence, "divergence"},
    {VerdictStatus::kAbandoned, "abandoned"},
    {VerdictStatus::kNotReplayable, "not-replayable"},
}};
}  // namespace

std::string_view to_string(VerdictStatus status) {
  for (auto [value, name] : kNames) {
    if (value == status) return name;
  }
  return "unknown";
}

std::optional<VerdictStatus> parse_verdict_status(std::string_view text) {
  for (auto [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace interleave
