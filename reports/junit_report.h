#pragma once
// JUnit XML of a hunt or an exploration, so CI systems list the results
// natively: one <testsuite> per scenario, one <testcase> per variant.
//
// What a case means is what CI thinks a test means: "did it go as expected".
//   - A variant whose verdict is what the catalogue expects passes, even when
//     that verdict is a race (a seed variant reproducing its report). The
//     expected race is kept for a reader in the suite's <system-out> (its
//     timeline and replay commands) and <properties> (VARIANT.verdict,
//     VARIANT.expected, VARIANT.trace), where CI does not count it.
//   - A verdict the catalogue does not expect is a <failure type="unexpected
//     verdict">; a PostgreSQL answer that differs from the model's is a
//     <failure type="divergence">; a server that failed is an
//     <error type="infrastructure">.
//   - Without a catalogue expectation (the JUnit of a single trace) a race is
//     a <failure> whose type is the verdict, as before.
//
// Follows the Apache Ant JUnit format, the one GitHub's and GitLab's test
// report views read (tests/reports/junit.xsd is its schema): <testsuites>
// holds <testsuite name timestamp hostname tests failures errors time package
// id> with <properties>, <testcase name classname time>, <system-out>,
// <system-err>.
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
  // Whether the verdict is the expected one; nullopt when nothing was expected.
  std::optional<bool> as_expected;
  std::string postgres;         // hunt --confirm-postgres: "confirmed", "DIVERGES", "server failed"; may be empty
  std::string postgres_detail;  // what the server answered otherwise, or why it failed
  std::uint64_t schedules = 0;
  std::string searches;  // a portfolio's searches (searches_text); may be empty
  std::optional<nlohmann::json> trace;  // the failing schedule's trace, for its timeline
  std::string trace_path;               // what the replay command names
};

struct JunitRun {
  std::string timestamp;  // ISO 8601 without a zone, "2026-12-03T13:50:00"
  std::string hostname = "localhost";
  std::vector<JunitCase> cases;  // grouped by scenario in first-seen order
  // Set when the run was stopped (Ctrl-C): the cases are the variants it
  // finished; each suite gets the property interrupted=true.
  bool interrupted = false;
};

// One entry of hunt's or explore's JSON summary (scenario, variant,
// elapsed_s, verdict, property, message, expected, as_expected, postgres,
// schedules, trace) and the trace it names, when the entry failed.
JunitCase junit_case(const nlohmann::json& summary_entry, std::optional<nlohmann::json> trace);

std::string render_junit(const JunitRun& run);

}  // namespace interleave::reports
