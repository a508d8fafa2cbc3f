#include "reports/failure_words.h"

#include <cassert>

namespace interleave::reports {

FailureWords failure_words(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::violation:
      return {"VIOLATION", "violates", "the property"};
    case VerdictStatus::deadlock:
      return {"DEADLOCK", "deadlocks, breaking", "deadlock-freedom"};
    case VerdictStatus::budget_exceeded:
      return {"BUDGET EXCEEDED", "runs past its step budget, breaking", "termination-within-budget"};
    case VerdictStatus::crash:
      return {"CRASH", "crashes, breaking", "no-crash"};
    case VerdictStatus::divergence:
      return {"DIVERGENCE", "answers otherwise on PostgreSQL, breaking", "model-fidelity"};
    case VerdictStatus::holds:
      break;
  }
  assert(false && "a holding verdict has no failure words");
  return {};
}

std::string failed_property(const Verdict& verdict) {
  return verdict.property.value_or(std::string(failure_words(verdict.status).implied_property));
}

std::optional<TimelineMark> verdict_mark(const TraceRecord& trace) {
  if (trace.verdict.status == VerdictStatus::holds || !trace.verdict.step) return std::nullopt;
  // Built in two steps: the ternary form trips GCC 12's maybe-uninitialized.
  std::optional<std::size_t> marked = event_at_step(trace.events, *trace.verdict.step);
  if (!marked) return std::nullopt;
  return TimelineMark{*marked, failure_words(trace.verdict.status).marker};
}

}  // namespace interleave::reports
