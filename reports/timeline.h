// The "Race Condition Timeline" block of a report: one line per trace event,
// laid out like the incident reports' own timelines.
//
//   T0:    api-1: SELECT id FROM tenants WHERE slug = 'acme' → 0 rows
//   T0+1:  api-2: INSERT INTO tenants (slug) VALUES ('acme') → blocked
//   T0+2:  api-2: create_tenant returned → error: ...  ◀ VIOLATION
//
// Lines are numbered by event, not by step: several events may share a step,
// and a reader follows the block line by line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/trace_record.h"

namespace interleave::reports {

// Which line gets the marker, and the marker's word ("VIOLATION", "DEADLOCK").
struct TimelineMark {
  std::size_t event_index = 0;
  std::string_view word;
};

// The event a verdict at `step` points at: the last event recorded at or
// before that step, because that is the last thing that happened before the
// check failed. nullopt when every event comes after `step`.
std::optional<std::size_t> event_at_step(const std::vector<Event>& events, std::uint64_t step);

// "T0" for the first event, "T0+k" for the k-th after it.
std::string timeline_label(std::size_t event_index);

// One line per event, each ending in a newline, without fences: for formats
// that carry the timeline as plain text (JUnit failures).
// Requires: mark->event_index < events.size() when mark is set.
std::string render_timeline_lines(const std::vector<Event>& events, const std::optional<TimelineMark>& mark);

// The whole fenced code block, fences included, ending in a newline.
// Requires: mark->event_index < events.size() when mark is set.
std::string render_timeline(const std::vector<Event>& events,
                            const std::optional<TimelineMark>& mark);

}  // namespace interleave::reports
