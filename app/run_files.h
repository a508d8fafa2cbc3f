#pragma once
// Shared by the commands: loading the catalogue and traces with errors that
// map to exit codes, and writing a run's trace and report into a folder.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/trace.h"
#include "scenarios/scenario.h"

namespace interleave::app {

// Throws CommandError(kExitBadInput) with the file, line and problem.
std::vector<scenarios::Scenario> load_catalogue_or_fail(const std::string& directory);
const scenarios::Scenario& scenario_or_fail(const std::vector<scenarios::Scenario>& catalogue,
                                            const std::string& name);
void check_variant_or_fail(const scenarios::Scenario& scenario, const std::string& variant);
Trace load_trace_or_fail(const std::string& path);

// A trace as the reports read it (the JSON of its file, without writing
// and parsing text).
nlohmann::json trace_document(const Trace& trace);

// The Markdown race report of a trace.
std::string markdown_report(const Trace& trace, const std::string& trace_path);
// The self-contained HTML race report of a trace, with its swimlane picture.
std::string html_report(const Trace& trace, const std::string& trace_path);

// The JSON report of a trace: the verdict, the marked timeline, the trace.
std::string json_report(const Trace& trace, const std::string& trace_path);

// Writes DIR/trace.json, DIR/report.md and DIR/report.html; returns the trace's path.
// Throws CommandError(kExitInfrastructure) when the folder cannot be written.
std::string write_trace_and_report(const Trace& trace, const std::string& directory);

// Writes `text` to `path`, or throws CommandError(kExitInfrastructure).
void write_file(const std::string& path, const std::string& text);
// Creates the folder and its parents, or throws CommandError(kExitInfrastructure).
void create_folder(const std::string& directory);

}  // namespace interleave::app
