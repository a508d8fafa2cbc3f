#pragma once
// The shrunk race as a Mermaid sequenceDiagram, the diagram GitHub and
// GitLab render from a ```mermaid block in Markdown: one participant per
// actor and per system it talks to (PostgreSQL, Temporal, the HTTP API), one
// arrow per event labelled with its timeline label (T0, T0+1, ...), the
// statement and its result, and a note on the event the verdict marks.
//
// Guarantees: the same events give the same bytes; actor names and texts are
// written so Mermaid cannot read them as syntax (participants get ids and
// the name as alias; ';' and '#' become Mermaid entity codes).

#include <optional>
#include <string>
#include <vector>

#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {

// The whole fenced block, fences included, ending in a newline.
std::string render_sequence_diagram(const std::vector<Event>& events, const std::optional<TimelineMark>& mark);

}  // namespace interleave::reports
