#pragma once
// How a failing verdict reads in every report format, and which timeline
// event carries its marker. Only a violation names its property in the
// trace; the other failures break an implicit one, named here so that a
// report still says what must hold.

#include <optional>
#include <string>
#include <string_view>

#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {

struct FailureWords {
  std::string_view marker;            // Timeline marker after "◀ ": "VIOLATION".
  std::string_view verb;              // "<the schedule> <verb> `<property>`".
  std::string_view implied_property;  // When the verdict names none.
};

// Requires: status != holds.
FailureWords failure_words(VerdictStatus status);

// The verdict's property, or the implied one of its kind of failure.
// Requires: a failing verdict.
std::string failed_property(const Verdict& verdict);

// The event the verdict points at, with its marker word; nullopt for a
// verdict that holds or points before every event.
std::optional<TimelineMark> verdict_mark(const TraceRecord& trace);

}  // namespace interleave::reports
