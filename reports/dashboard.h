#pragma once
// The dashboard of a hunt run: one self-contained HTML page built from the
// run's summary.json, with the run's details (seed, date, commit, command),
// the verdict table coloured by verdict (each failing entry linking to its
// report.html), a bar chart of the schedules each search took to its first
// violation (rect.bar, one per strategy that found one) and, apart, the
// searches that found none in their budget (tr.none-row): a budget is not a
// distance to a race, so it is not drawn as a bar beside them.
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

// `run`: hunt's run.json ({"command", "seed", "schedules", "started_at",
// "version"}), shown above the table; null when there is none.
std::string render_dashboard(const nlohmann::json& summary, const nlohmann::json& run = nullptr);

}  // namespace interleave::reports
