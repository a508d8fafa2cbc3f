#pragma once
// The dashboard of a hunt run: one self-contained HTML page built from the
// run's summary.json, with the verdict table (each failing entry linking to
// its report.html) and a bar chart of the schedules each scenario variant
// took to its first violation, one bar per strategy that searched it.
//
// Requires: hunt's summary.json, an array of objects with at least
// "scenario", "variant", "schedules", "verdict", "expected", "as_expected";
// "strategy", "first_violation_at", "property", "message", "trace",
// "shrunk" and "other_strategies" (an array of {"strategy", "schedules",
// "first_violation_at"}) are used when present; "run_interrupted": true on
// the entries of a hunt stopped by Ctrl-C says so above the table.
// Guarantees: every text is HTML-escaped; the same summary renders the same
// bytes; a missing or mistyped field throws std::invalid_argument naming it,
// e.g. "summary field '[3].verdict' is missing".
//
// Reports are linked as SCENARIO/VARIANT/report.html, relative to the
// folder holding summary.json: where hunt writes them.
//
// Example:
//   std::ofstream("interleave-out/index.html")
//       << render_dashboard(nlohmann::json::parse(summary_file));

#include <string>

#include <nlohmann/json.hpp>

namespace interleave::reports {

std::string render_dashboard(const nlohmann::json& summary);

}  // namespace interleave::reports
