#include "reports/junit_report.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "reports/divergence_account.h"
#include "reports/failure_words.h"
#include "reports/markup_escape.h"
#include "reports/reproduce.h"
#include "reports/timeline.h"
#include "reports/trace_record.h"
#include "reports/variant_evidence.h"

namespace interleave::reports {
namespace {

using Out = std::back_insert_iterator<std::string>;

// The failure's text: the timeline with the violating event marked, then how
// to replay it.
std::string failure_body(const JunitCase& test) {
  std::string body;
  if (test.trace) {
    const TraceRecord trace = read_trace(*test.trace);
    body += render_timeline_lines(trace.events, verdict_mark(trace));
    body += "\n";
  }
  if (!test.trace_path.empty()) {
    body += replay_command(test.trace_path) + "\n" + postgres_replay_command(test.trace_path) + "\n";
  }
  return body;
}

bool is_divergence(const JunitCase& test) { return test.verdict == "divergence"; }

void write_case(Out out, const JunitCase& test) {
  fmt::format_to(out, "    <testcase name=\"{}\" classname=\"interleave.{}\" time=\"{:.6f}\"",
                 escape_markup(test.variant), escape_markup(test.scenario), test.time_s);
  if (test.verdict == "holds") {
    fmt::format_to(out, "/>\n");
    return;
  }
  if (is_divergence(test)) {
    // The tool's own defect, not the application's: an error, not a failure.
    fmt::format_to(out, ">\n      <error message=\"{}\" type=\"fidelity-divergence\">{}</error>\n    </testcase>\n",
                   escape_markup(fmt::format("{}: {}", kDivergenceTitle, test.message)),
                   escape_markup(failure_body(test)));
    return;
  }
  fmt::format_to(out, ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                 escape_markup(test.property + ": " + test.message), escape_markup(test.verdict),
                 escape_markup(failure_body(test)));
}

void write_suite(Out out, const JunitRun& run, const std::string& scenario, std::size_t id) {
  std::size_t tests = 0, failures = 0, errors = 0;
  double time_s = 0;
  std::string system_out;
  for (const JunitCase& test : run.cases) {
    if (test.scenario != scenario) continue;
    ++tests;
    errors += is_divergence(test);
    failures += test.verdict != "holds" && !is_divergence(test);
    time_s += test.time_s;
    system_out += fmt::format("{}: {} after {} schedules", test.variant, test.verdict, test.schedules);
    if (!test.expected.empty()) system_out += fmt::format(" (catalogue expects: {})", test.expected);
    system_out += "\n";
  }
  fmt::format_to(out,
                 "  <testsuite name=\"{}\" package=\"interleave\" id=\"{}\" timestamp=\"{}\" hostname=\"{}\" "
                 "tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.6f}\">\n    <properties/>\n",
                 escape_markup(scenario), id, escape_markup(run.timestamp), escape_markup(run.hostname), tests, failures,
                 errors, time_s);
  for (const JunitCase& test : run.cases) {
    if (test.scenario == scenario) write_case(out, test);
  }
  fmt::format_to(out, "    <system-out>{}</system-out>\n    <system-err/>\n  </testsuite>\n",
                 escape_markup(system_out));
}

}  // namespace

JunitCase junit_case(const nlohmann::json& entry, std::optional<nlohmann::json> trace) {
  const VariantEvidence evidence = variant_evidence(entry);
  JunitCase test;
  test.scenario = evidence.scenario;
  test.variant = evidence.variant;
  test.verdict = evidence.verdict;
  test.property = evidence.property;
  test.schedules = evidence.schedules;
  test.message = summary_field<std::string>(entry, "message", "");
  test.expected = summary_field<std::string>(entry, "expected", "");
  test.trace_path = summary_field<std::string>(entry, "trace", "");
  test.time_s = summary_field<double>(entry, "elapsed_s", 0);
  test.trace = std::move(trace);
  return test;
}

std::string render_junit(const JunitRun& run) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  std::vector<std::string> scenarios;
  for (const JunitCase& test : run.cases) {
    if (std::find(scenarios.begin(), scenarios.end(), test.scenario) == scenarios.end()) {
      scenarios.push_back(test.scenario);
    }
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) write_suite(std::back_inserter(xml), run, scenarios[i], i);
  xml += "</testsuites>\n";
  return xml;
}

}  // namespace interleave::reports
