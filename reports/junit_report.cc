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

// What CI is told about one case; `element` is empty for a passing case.
struct Judgement {
  std::string element;  // "failure" or "error"
  std::string type;
  std::string message;
};

// "holds", "fails unique-slugs", "deadlock": the verdict as the catalogue
// writes expectations, so the two read side by side.
std::string verdict_words(const JunitCase& test) {
  if (test.verdict == "violation" && !test.property.empty()) return "fails " + test.property;
  return test.verdict;
}

// A lockstep run where the model and PostgreSQL answered otherwise: the
// tool's own defect, never the application's race.
bool is_divergence(const JunitCase& test) { return test.verdict == "divergence"; }
bool is_race(const JunitCase& test) { return test.verdict != "holds" && !is_divergence(test); }

Judgement judge(const JunitCase& test) {
  if (is_divergence(test)) {
    return {"error", "fidelity-divergence", fmt::format("{}: {}", kDivergenceTitle, test.message)};
  }
  if (test.postgres == "server failed") {
    return {"error", "infrastructure", "PostgreSQL failed: " + test.postgres_detail};
  }
  if (test.as_expected == false) {
    std::string message = fmt::format("{}, but the catalogue expects: {}", verdict_words(test), test.expected);
    if (is_race(test)) message += fmt::format(" ({}: {})", test.property, test.message);
    return {"failure", "unexpected verdict", message};
  }
  if (test.postgres == "DIVERGES") {
    return {"failure", "divergence", "PostgreSQL answered otherwise than the model: " + test.postgres_detail};
  }
  if (!test.as_expected && is_race(test)) {
    return {"failure", test.verdict, test.property + ": " + test.message};
  }
  return {};
}

// The race's text: the timeline with the violating event marked, then how
// to replay it.
std::string race_text(const JunitCase& test) {
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

void write_case(Out out, const JunitCase& test) {
  fmt::format_to(out, "    <testcase name=\"{}\" classname=\"interleave.{}\" time=\"{:.6f}\"",
                 escape_markup(test.variant), escape_markup(test.scenario), test.time_s);
  const Judgement judgement = judge(test);
  if (judgement.element.empty()) {
    fmt::format_to(out, "/>\n");
    return;
  }
  fmt::format_to(out, ">\n      <{0} message=\"{1}\" type=\"{2}\">{3}</{0}>\n    </testcase>\n", judgement.element,
                 escape_markup(judgement.message), escape_markup(judgement.type),
                 escape_markup(is_race(test) || is_divergence(test) ? race_text(test) : ""));
}

void write_property(Out out, const std::string& name, const std::string& value) {
  fmt::format_to(out, "      <property name=\"{}\" value=\"{}\"/>\n", escape_markup(name), escape_markup(value));
}

// What each variant found, for a reader of the suite: an expected race's
// timeline is here, since its case passes and carries no text.
std::string suite_output(const JunitCase& test) {
  std::string text = fmt::format("{}: {} after {} schedules", test.variant, verdict_words(test), test.schedules);
  if (!test.searches.empty()) text += fmt::format(" ({})", test.searches);
  if (!test.expected.empty()) text += fmt::format(" (catalogue expects: {})", test.expected);
  text += "\n";
  if (test.as_expected == true && is_race(test)) text += race_text(test);
  return text;
}

void write_suite(Out out, const JunitRun& run, const std::string& scenario, std::size_t id) {
  std::vector<const JunitCase*> cases;
  for (const JunitCase& test : run.cases) {
    if (test.scenario == scenario) cases.push_back(&test);
  }
  std::size_t failures = 0, errors = 0;
  double time_s = 0;
  std::string system_out, properties;
  for (const JunitCase* test : cases) {
    const Judgement judgement = judge(*test);
    failures += judgement.element == "failure";
    errors += judgement.element == "error";
    time_s += test->time_s;
    system_out += suite_output(*test);
  }
  fmt::format_to(out,
                 "  <testsuite name=\"{}\" package=\"interleave\" id=\"{}\" timestamp=\"{}\" hostname=\"{}\" "
                 "tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.6f}\">\n    <properties>\n",
                 escape_markup(scenario), id, escape_markup(run.timestamp), escape_markup(run.hostname), cases.size(),
                 failures, errors, time_s);
  if (run.interrupted) write_property(out, "interrupted", "true");
  for (const JunitCase* test : cases) {
    write_property(out, test->variant + ".verdict", verdict_words(*test));
    if (!test->expected.empty()) write_property(out, test->variant + ".expected", test->expected);
    if (!test->searches.empty()) write_property(out, test->variant + ".searches", test->searches);
    if (!test->trace_path.empty()) write_property(out, test->variant + ".trace", test->trace_path);
  }
  fmt::format_to(out, "    </properties>\n");
  for (const JunitCase* test : cases) write_case(out, *test);
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
  test.searches = evidence.searches;
  test.postgres = evidence.postgres;
  test.message = summary_field<std::string>(entry, "message", "");
  test.expected = summary_field<std::string>(entry, "expected", "");
  if (auto found = entry.find("as_expected"); found != entry.end() && found->is_boolean()) {
    test.as_expected = found->get<bool>();
  }
  if (auto postgres = entry.find("postgres"); postgres != entry.end() && postgres->is_object()) {
    test.postgres_detail = summary_field<std::string>(*postgres, "detail", "");
  }
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
