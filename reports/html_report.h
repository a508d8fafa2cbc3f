#pragma once
// HTML race reports: one self-contained page per trace (inline CSS, SVG and
// script only, nothing fetched), with the verdict, a swimlane picture of the
// schedule (reports/swimlane_svg.h), the event table the picture links to,
// the actors, and the commands that reproduce the race.
//
// Requires: a version-1 trace (reports/trace_record.h).
// Guarantees: every text from the trace is HTML-escaped; the same trace
// always renders the same bytes; a trace with a missing or mistyped field
// throws std::invalid_argument naming that field.
//
// Example:
//   std::ofstream("report.html")
//       << render_html(nlohmann::json::parse(file), "runs/000/trace.json");

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace interleave::reports {

// `trace_path` is what the Reproduce section hands to `interleave replay`.
std::string render_html(const nlohmann::json& trace, std::string_view trace_path);

}  // namespace interleave::reports
