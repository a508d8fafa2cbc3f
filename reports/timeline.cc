#include "reports/timeline.h"

#include <cassert>
#include <iterator>

#include <fmt/format.h>

namespace interleave::reports {

std::optional<std::size_t> event_at_step(const std::vector<Event>& events, std::uint64_t step) {
  // Scanned to the end rather than stopping at the first later step, so that
  // a trace whose steps are not sorted still marks the last qualifying event.
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].step <= step) found = i;
  }
  return found;
}

std::string timeline_label(std::size_t event_index) {
  return event_index == 0 ? std::string("T0") : fmt::format("T0+{}", event_index);
}

std::string render_timeline_lines(const std::vector<Event>& events, const std::optional<TimelineMark>& mark) {
  assert(!mark || mark->event_index < events.size());
  if (events.empty()) return "(no events recorded)\n";
  // The widest label is the last one; two spaces after its colon, as in the
  // incident reports, put every event's text in one column.
  const std::size_t column = timeline_label(events.size() - 1).size() + 3;
  const std::string indent(column, ' ');
  std::string out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    auto it = std::back_inserter(out);
    fmt::format_to(it, "{:<{}}{}: ", timeline_label(i) + ":", column, event.actor_name);
    // A multi-line statement keeps the column: continuation lines are
    // indented under the text instead of starting at the left margin.
    for (const char c : event.text) {
      out += c;
      if (c == '\n') out += indent;
    }
    if (!event.result.empty()) fmt::format_to(it, " → {}", event.result);
    if (mark && mark->event_index == i) fmt::format_to(it, "  ◀ {}", mark->word);
    out += '\n';
  }
  return out;
}

std::string render_timeline(const std::vector<Event>& events, const std::optional<TimelineMark>& mark) {
  return "```\n" + render_timeline_lines(events, mark) + "```\n";
}

}  // namespace interleave::reports
