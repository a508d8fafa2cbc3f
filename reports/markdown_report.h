// Markdown race reports in the triage format of the incident reports in
// shared/seeds: YAML front matter, a problem statement, findings with the
// race's timeline, the property violated, how to reproduce it, and
// acceptance criteria for the fix.
//
// Requires: a version-1 trace (see reports/trace_record.h for the fields).
// Guarantees: the same trace always renders the same bytes; a trace with a
// missing or mistyped field throws std::invalid_argument naming that field.
//
// Example:
//   std::ofstream("report.md")
//       << render_markdown(nlohmann::json::parse(file), "runs/000/trace.json");
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reports/variant_evidence.h"

namespace interleave::reports {

// Renders a race report in the incident reports' triage format from a trace.
// The Reproduce section replays "trace.json".
std::string render_markdown(const nlohmann::json& trace);

// As above, with the path the Reproduce section hands to `interleave replay`.
std::string render_markdown(const nlohmann::json& trace, std::string_view trace_path);

// As above, with a "Fix Verification" section saying what the search found
// for the scenario's other variants (the trace's own variant is skipped).
std::string render_markdown(const nlohmann::json& trace, std::string_view trace_path,
                            std::span<const VariantEvidence> other_variants);

}  // namespace interleave::reports
