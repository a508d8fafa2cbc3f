#pragma once
// The JSON report of a trace: what a CI system or a script reads without
// parsing Markdown. It holds the verdict, the timeline as the Markdown shows
// it (labels, the marked event), the reproduce command and the whole trace.
//
//   {"format": "interleave-report", "version": 1, "scenario": ..., "variant": ...,
//    "verdict": {"status", "property", "message", "step"}, "marked_event": 4,
//    "timeline": [{"label": "T0", "step", "actor", "text", "result", "marked"}],
//    "reproduce": {"model": "interleave replay trace.json"}, "trace": {...}}
//
// Requires: a version-1 trace. Guarantees: the same trace gives the same
// bytes; a bad trace throws std::invalid_argument naming the field.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace interleave::reports {

nlohmann::ordered_json json_report(const nlohmann::json& trace, std::string_view trace_path);

// json_report, printed with two-space indentation and a final newline.
std::string render_json(const nlohmann::json& trace, std::string_view trace_path);

}  // namespace interleave::reports
