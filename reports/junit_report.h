#pragma once
// JUnit XML of a hunt or an exploration, so CI systems list the results
// natively: one <testsuite> per scenario, one <testcase> per variant. A
// variant with a race is a failing case: its <failure> carries the property,
// the shrunk timeline and the replay command; a variant that holds passes.
//
// Follows the Apache Ant JUnit format, the one most CI systems read
// (tests/reports/junit.xsd is its schema): <testsuites> holds <testsuite
// name timestamp hostname tests failures errors time package id> with
// <properties>, <testcase name classname time>, <system-out>, <system-err>.
//
// Guarantees: the same run gives the same bytes (the timestamp is given);
// every XML-special character is escaped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace interleave::reports {

struct JunitCase {
  std::string scenario;
  std::string variant;
  double time_s = 0;
  std::string verdict = "holds";  // "holds", "violation", "deadlock", ...
  std::string property;           // the property a failing verdict broke
  std::string message;
  std::string expected;  // the catalogue's expectation, "fails unique-slugs"; may be empty
  std::uint64_t schedules = 0;
  std::optional<nlohmann::json> trace;  // the failing schedule's trace, for its timeline
  std::string trace_path;               // what the replay command names
};

struct JunitRun {
  std::string timestamp;  // ISO 8601 without a zone, "2026-12-03T13:50:00"
  std::string hostname = "localhost";
  std::vector<JunitCase> cases;  // grouped by scenario in first-seen order
};

// One entry of hunt's or explore's JSON summary (scenario, variant,
// elapsed_s, verdict, property, message, expected, schedules, trace) and
// the trace it names, when the entry failed.
JunitCase junit_case(const nlohmann::json& summary_entry, std::optional<nlohmann::json> trace);

std::string render_junit(const JunitRun& run);

}  // namespace interleave::reports
