#pragma once
// The reports made from a run folder's summary.json (written by hunt): the
// dashboard (index.html), JUnit XML (junit.xml), and each race report's Fix
// Verification, which needs every variant's result and so is written once
// the whole run is done.

#include <string>

#include "harness/trace.h"

namespace interleave::app {

// Each writes into `directory` when DIR/summary.json exists and returns
// whether it did. Throws CommandError(kExitBadInput) when the summary or a
// trace it names is malformed, (kExitInfrastructure) when a file cannot be
// read or written.
bool write_dashboard(const std::string& directory);
bool write_junit(const std::string& directory);
// Rewrites the report.md beside every trace the summary names, with what the
// search found for the other variants of its scenario.
bool write_fix_verification(const std::string& directory);

// JUnit XML of one trace: one suite, one case.
std::string junit_of_trace(const Trace& trace, const std::string& trace_path);

}  // namespace interleave::app
