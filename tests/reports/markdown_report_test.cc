#include "reports/markdown_report.h"

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/sequence_diagram.h"
#include "tests/reports/sample_traces.h"
#include "tests/text_count.h"

namespace interleave::reports {
namespace {

using nlohmann::json;
using sample::holds_trace;
using sample::violation_trace;

// The text between a heading and the next second-level heading.
std::string section(const std::string& report, const std::string& heading) {
  const std::size_t start = report.find(heading);
  if (start == std::string::npos) return "<no section " + heading + ">";
  const std::size_t end = report.find("\n## ", start + heading.size());
  return report.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::vector<std::string> timeline_lines(const std::string& report) {
  const std::string opening = "**Race Condition Timeline:**\n```\n";
  const std::size_t start = report.find(opening);
  if (start == std::string::npos) return {};
  const std::size_t body = start + opening.size();
  const std::size_t end = report.find("```", body);
  std::vector<std::string> lines;
  std::size_t line = body;
  while (line < end) {
    const std::size_t newline = report.find('\n', line);
    lines.push_back(report.substr(line, newline - line));
    line = newline + 1;
  }
  return lines;
}


bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

std::string error_of(const json& trace) {
  try {
    render_markdown(trace);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

TEST(MarkdownReport, FrontMatterCarriesReportId) {
  const std::string report = render_markdown(violation_trace());
  ASSERT_EQ(report.rfind("---\n", 0), 0u) << report;
  const std::string front = report.substr(0, report.find("\n---\n", 4) + 5);
  EXPECT_TRUE(contains(front, "\nissue_id: \"000\"\n")) << front;
  EXPECT_TRUE(contains(front, "\nstatus: pending\n")) << front;
  EXPECT_TRUE(contains(front, "\npriority: p1\n")) << front;
  EXPECT_TRUE(contains(front, "\ntags: [race-condition, interleave, tenant-slug-race]\n")) << front;
}

TEST(MarkdownReport, ReportIdIsEscapedForYaml) {
  json trace = violation_trace();
  trace["report"] = "0\"7";
  EXPECT_TRUE(contains(render_markdown(trace), "\nissue_id: \"0\\\"7\"\n"));
}

TEST(MarkdownReport, SectionsFollowTheTriageOrder) {
  const std::string report = render_markdown(violation_trace());
  const std::vector<std::string> order = {
      "\n# Race in Tenant slug TOCTOU in tenant provisioning (seed variant)\n",
      "\n## Problem Statement\n", "\n## Findings\n", "\n**Race Condition Timeline:**\n",
      "\n## Property Violated\n", "\n## Reproduce\n", "\n## Acceptance Criteria\n"};
  std::size_t previous = 0;
  for (const std::string& heading : order) {
    const std::size_t at = report.find(heading);
    ASSERT_NE(at, std::string::npos) << heading << "\n" << report;
    EXPECT_GT(at, previous) << heading;
    previous = at;
  }
}

TEST(MarkdownReport, ProblemStatementNamesPropertyAndMessage) {
  const std::string problem = section(render_markdown(violation_trace()), "## Problem Statement");
  EXPECT_TRUE(contains(problem, "violates `unique-slugs`")) << problem;
  EXPECT_TRUE(contains(problem, "\n> api-2: create_tenant ended in an unhandled error")) << problem;
}

TEST(MarkdownReport, FindingsListSettingsAndActorsWithOperations) {
  const std::string findings = section(render_markdown(violation_trace()), "## Findings");
  for (const std::string bullet :
       {"- Scenario: `tenant-slug-race`\n", "- Variant: `seed`\n", "- Strategy: `random`\n",
        "- Seed: 1\n", "- Schedule index: 17\n", "- Steps: 10 (6 events)\n",
        "  - `api-1` (request): `create_tenant name=\"Acme\" slug=\"acme\"`\n",
        "  - `wf tenant-provision-acme` (workflow, started by `api-1`)\n"}) {
    EXPECT_TRUE(contains(findings, bullet)) << bullet << "\n" << findings;
  }
}

TEST(MarkdownReport, TimelineHasOneLinePerEventInOrder) {
  const std::vector<std::string> lines = timeline_lines(render_markdown(violation_trace()));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "T0:    api-1: SELECT id FROM tenants WHERE slug = 'acme' → 0 rows");
  EXPECT_EQ(lines[1], "T0+1:  api-2: SELECT id FROM tenants WHERE slug = 'acme' → 0 rows");
  EXPECT_EQ(lines[2], "T0+2:  api-1: start_workflow tenant-provision-acme → started");
  EXPECT_EQ(lines[5].rfind("T0+5:  api-2: create_tenant returned", 0), 0u) << lines[5];
}

TEST(MarkdownReport, TimelineTextStartsInOneColumnPastTenEvents) {
  json trace = violation_trace();
  while (trace["events"].size() < 11) trace["events"].push_back(trace["events"][0]);
  const std::vector<std::string> lines = timeline_lines(render_markdown(trace));
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0].rfind("T0:     api-1: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[10].rfind("T0+10:  api-1: ", 0), 0u) << lines[10];
}

TEST(MarkdownReport, ContinuationLinesKeepTheTextColumn) {
  json trace = violation_trace();
  trace["events"][0]["text"] = "SELECT id\nFROM tenants";
  const std::vector<std::string> lines = timeline_lines(render_markdown(trace));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "T0:    api-1: SELECT id");
  EXPECT_EQ(lines[1], "       FROM tenants → 0 rows");
}

TEST(MarkdownReport, EmptyResultHasNoArrow) {
  const std::vector<std::string> lines = timeline_lines(render_markdown(violation_trace()));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[4], "T0+4:  api-2: start_workflow tenant-provision-acme");
}

TEST(MarkdownReport, BlockedEventShowsBlockedResult) {
  const std::vector<std::string> lines = timeline_lines(render_markdown(violation_trace()));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[3],
            "T0+3:  wf tenant-provision-acme: INSERT INTO tenants (slug) VALUES ('acme') → blocked");
}

TEST(MarkdownReport, ViolatingStepIsMarkedOnce) {
  const std::string report = render_markdown(violation_trace());
  EXPECT_EQ(test_support::occurrences(report, "◀"), 1u) << report;
  const std::vector<std::string> lines = timeline_lines(report);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[5],
            "T0+5:  api-2: create_tenant returned → error: workflow already started  ◀ VIOLATION");
}

TEST(MarkdownReport, MarkGoesToLastEventAtOrBeforeVerdictStep) {
  json trace = violation_trace();
  trace["verdict"]["step"] = 7;  // Between the events at steps 5 and 9.
  const std::string report = render_markdown(trace);
  EXPECT_EQ(test_support::occurrences(report, "◀ VIOLATION"), 1u) << report;
  const std::vector<std::string> lines = timeline_lines(report);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_TRUE(contains(lines[3], "→ blocked  ◀ VIOLATION")) << lines[3];
}

TEST(MarkdownReport, PropertyViolatedPointsAtTheMarkedLine) {
  const std::string property = section(render_markdown(violation_trace()), "## Property Violated");
  EXPECT_TRUE(contains(property, "`unique-slugs`, checked after step 9 (timeline T0+5):"))
      << property;
  EXPECT_TRUE(contains(property, "\n> api-2: create_tenant ended in an unhandled error"))
      << property;
}

TEST(MarkdownReport, ReproduceSectionNamesTraceAndExploreCommand) {
  const std::string reproduce =
      section(render_markdown(violation_trace(), "runs/000/trace.json"), "## Reproduce");
  EXPECT_TRUE(contains(reproduce, "```\ninterleave replay runs/000/trace.json\n")) << reproduce;
  // Schedule 17 is zero-based, so 18 schedules reach it.
  EXPECT_TRUE(contains(reproduce,
                       "\ninterleave explore tenant-slug-race --variant seed --strategy random "
                       "--seed 1 --schedules 18\n```"))
      << reproduce;
}

TEST(MarkdownReport, ReproduceDefaultsToTraceJson) {
  EXPECT_TRUE(contains(render_markdown(violation_trace()), "\ninterleave replay trace.json\n"));
}

TEST(MarkdownReport, ReproduceQuotesPathWithSpaces) {
  const std::string report = render_markdown(violation_trace(), "my runs/it's.json");
  EXPECT_TRUE(contains(report, "\ninterleave replay 'my runs/it'\\''s.json'\n")) << report;
}

TEST(MarkdownReport, AcceptanceCriteriaAreOpenCheckboxes) {
  const std::string criteria =
      section(render_markdown(violation_trace()), "## Acceptance Criteria");
  EXPECT_TRUE(contains(criteria,
                       "\n- [ ] unique-slugs holds for variant seed under interleave explore\n"))
      << criteria;
  EXPECT_TRUE(contains(
      criteria, "\n- [ ] The trace above no longer reproduces (interleave replay exits 0)\n"))
      << criteria;
}

TEST(MarkdownReport, HoldsVerdictHasNoViolationMarker) {
  const std::string report = render_markdown(holds_trace());
  EXPECT_FALSE(contains(report, "◀")) << report;
  EXPECT_FALSE(contains(report, "## Property Violated")) << report;
  EXPECT_TRUE(contains(report, "\nstatus: complete\n")) << report;
  EXPECT_TRUE(contains(report, "`unique-slugs` held in all 10000 schedules explored.")) << report;
  EXPECT_TRUE(contains(report, "--variant fixed --strategy random --seed 1 --schedules 10000\n"))
      << report;
  EXPECT_TRUE(contains(report, "- [x] unique-slugs holds for variant fixed")) << report;
}

TEST(MarkdownReport, DeadlockIsMarkedAndLeftOpen) {
  json trace = violation_trace();
  trace["verdict"] = {{"status", "deadlock"}, {"message", "api-1 waits for api-2"}, {"step", 5}};
  const std::string report = render_markdown(trace);
  EXPECT_TRUE(contains(report, "\nstatus: pending\n")) << report;
  EXPECT_EQ(test_support::occurrences(report, "◀ DEADLOCK"), 1u) << report;
  EXPECT_TRUE(contains(report, "- [ ] deadlock-freedom holds for variant seed")) << report;
}

TEST(MarkdownReport, MissingFieldNamesTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/scenario", "'scenario'"},
      {"/report", "'report'"},
      {"/verdict/step", "'verdict.step'"},
      {"/verdict/property", "'verdict.property'"},
      {"/events/2/actor", "'events[2].actor'"},
      {"/actors/1/name", "'actors[1].name'"},
  };
  for (const auto& [pointer, name] : cases) {
    json trace = violation_trace();
    const json::json_pointer path(pointer);
    trace[path.parent_pointer()].erase(path.back());
    const std::string message = error_of(trace);
    EXPECT_TRUE(contains(message, name) && contains(message, "missing"))
        << pointer << ": " << message;
  }
}

TEST(MarkdownReport, WrongTypeNamesTheField) {
  json trace = violation_trace();
  trace["seed"] = "1";
  EXPECT_EQ(error_of(trace), "trace field 'seed' must be a non-negative integer, got string");
  trace = violation_trace();
  trace["events"][0]["text"] = 42;
  EXPECT_EQ(error_of(trace), "trace field 'events[0].text' must be a string, got number");
}

TEST(MarkdownReport, EventOfUnknownActorIsRejected) {
  json trace = violation_trace();
  trace["events"][1]["actor"] = 42;
  const std::string message = error_of(trace);
  EXPECT_TRUE(contains(message, "'events[1].actor'") && contains(message, "42")) << message;
}

TEST(MarkdownReport, OtherTraceVersionsAreRejected) {
  json trace = violation_trace();
  trace["version"] = 2;  // added fields only: read as version 1
  EXPECT_EQ(error_of(trace), "<no exception>");
  trace["version"] = 3;
  EXPECT_TRUE(contains(error_of(trace), "'version'"));
}

TEST(MarkdownReport, UnknownVerdictStatusIsRejected) {
  json trace = violation_trace();
  trace["verdict"]["status"] = "maybe";
  EXPECT_TRUE(contains(error_of(trace), "'verdict.status'"));
}

}  // namespace
}  // namespace interleave::reports

namespace interleave::reports {
namespace {

TEST(MarkdownReport, FixVerificationSaysWhichVariantHoldsAndWhatSearchBacksIt) {
  const std::vector<VariantEvidence> evidence = {
      variant_evidence({{"scenario", "tenant-slug-race"}, {"variant", "seed"}, {"verdict", "violation"},
                        {"property", "unique-slugs"}, {"strategy", "random"}, {"seed", 1}, {"schedules", 18}}),
      variant_evidence({{"scenario", "tenant-slug-race"}, {"variant", "fixed"}, {"verdict", "holds"},
                        {"strategy", "random"}, {"seed", 1}, {"schedules", 100000}}),
      variant_evidence({{"scenario", "tenant-slug-race"}, {"variant", "hardened"}, {"verdict", "holds"},
                        {"strategy", "dfs"}, {"preemption_bound", 2}, {"exhausted", true}, {"schedules", 52728}}),
      variant_evidence({{"scenario", "tenant-slug-race"}, {"variant", "alt"}, {"verdict", "violation"},
                        {"property", "unique-slugs"}, {"strategy", "random"}, {"seed", 1}, {"schedules", 2}}),
      variant_evidence({{"scenario", "other"}, {"variant", "fixed"}, {"verdict", "holds"}, {"schedules", 5}}),
  };
  const std::string report = render_markdown(sample::violation_trace(), "t.json", evidence);
  const std::size_t section = report.find("\n## Fix Verification\n");
  ASSERT_NE(section, std::string::npos) << report;
  const std::string text = report.substr(section, report.find("\n## Reproduce") - section);
  EXPECT_EQ(text.find("`seed`"), std::string::npos) << "the trace's own variant is not evidence: " << text;
  EXPECT_NE(text.find("- `fixed` holds: no violation in 100000 schedules (random, seed 1)"), std::string::npos) << text;
  EXPECT_NE(text.find("- `hardened` holds: every schedule with at most 2 preemptions (52728 schedules, dfs, exhausted)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("- `alt` fails `unique-slugs` after 2 schedules (random, seed 1)"), std::string::npos) << text;
  EXPECT_EQ(text.find("other"), std::string::npos) << "another scenario's variants are not evidence: " << text;
  EXPECT_NE(text.find("Variant `fixed` is the fix to follow"), std::string::npos) << text;
}

TEST(MarkdownReport, WithoutEvidenceThereIsNoFixVerification) {
  EXPECT_EQ(render_markdown(sample::violation_trace(), "t.json").find("Fix Verification"), std::string::npos);
}

}  // namespace
}  // namespace interleave::reports

namespace interleave::reports {
namespace {

const std::string kExpectedDiagram =
    "**Sequence Diagram:**\n"
    "```mermaid\n"
    "sequenceDiagram\n"
    "    participant A0 as api-1\n"
    "    participant A1 as api-2\n"
    "    participant A2 as wf tenant-provision-acme\n"
    "    participant S0 as PostgreSQL\n"
    "    participant S1 as Temporal\n"
    "    A0->>S0: T0 SELECT id FROM tenants WHERE slug = 'acme' → 0 rows\n"
    "    A1->>S0: T0+1 SELECT id FROM tenants WHERE slug = 'acme' → 0 rows\n"
    "    A0->>S1: T0+2 start_workflow tenant-provision-acme → started\n"
    "    A2->>S0: T0+3 INSERT INTO tenants (slug) VALUES ('acme') → blocked\n"
    "    A1->>S1: T0+4 start_workflow tenant-provision-acme\n"
    "    Note over A1: T0+5 create_tenant returned → error: workflow already started\n"
    "    Note over A1: ⚠ VIOLATION\n"
    "```\n";

// The Mermaid block GitHub and GitLab draw: participants by alias, one arrow
// per event to the system it talks to, a call's return as a note, the
// verdict's mark as a note after its event.
TEST(MarkdownReport, ARaceHasAMermaidSequenceDiagram) {
  const std::string report = render_markdown(sample::violation_trace(), "out/trace.json", {});
  const std::size_t start = report.find("**Sequence Diagram:**\n```mermaid\nsequenceDiagram\n");
  ASSERT_NE(start, std::string::npos) << report;
  const std::size_t end = report.find("```\n", report.find("sequenceDiagram", start));
  EXPECT_EQ(report.substr(start, end + 4 - start), kExpectedDiagram);
}

TEST(MarkdownReport, MermaidSyntaxInTextIsWrittenAsEntities) {
  const std::vector<Event> events = {{.step = 0, .actor_name = "api-1", .op = "db.select",
                                      .text = "SELECT 1; -- #x", .result = "a\nb"}};
  EXPECT_EQ(render_sequence_diagram(events, std::nullopt),
            "```mermaid\nsequenceDiagram\n    participant A0 as api-1\n    participant S0 as PostgreSQL\n"
            "    A0->>S0: T0 SELECT 1#59; -- #35;x → a b\n```\n");
}

}  // namespace
}  // namespace interleave::reports
