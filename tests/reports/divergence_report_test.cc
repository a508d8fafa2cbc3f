// A fidelity divergence (the model and PostgreSQL, in lockstep, disagreed)
// is interleave's own defect: no report format may present it as a race in
// the application — its own title, both sides, the statement, the waits,
// the commands that reproduce it; no acceptance criteria for the
// application; an error, not a failure, in JUnit; not a violation on the
// dashboard.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/dashboard.h"
#include "reports/divergence_account.h"
#include "reports/html_report.h"
#include "reports/junit_report.h"
#include "reports/markdown_report.h"

namespace interleave::reports {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kMessage =
    "on PostgreSQL: step 19, agent-3: UPDATE storefront_drafts SET version = 2 WHERE tenant_id = 1 AND version = 1: "
    "the model let it go on; the server still makes it wait";

// The README's three writers on one row, as a lockstep run saved it.
json divergence_trace() {
  json trace = json::parse(R"json({
    "format": "interleave-trace", "version": 1,
    "scenario": "section-id-race", "report": "004",
    "title": "Section id TOCTOU in the page section executor",
    "variant": "alt", "strategy": "random", "seed": 1, "schedule": 13,
    "limits": {"max_steps": 5000},
    "actors": [
      {"id": 0, "name": "agent-1", "kind": "agent", "operation": "update_page_section"},
      {"id": 1, "name": "agent-2", "kind": "agent", "operation": "update_page_section"},
      {"id": 2, "name": "agent-3", "kind": "agent", "operation": "update_page_section"}
    ],
    "choices": ["a0", "a1", "a2"],
    "events": [
      {"step": 4, "time_ms": 0, "actor": 0, "op": "db.update", "text": "UPDATE storefront_drafts SET version = 2 WHERE tenant_id = 1 AND version = 1", "result": "UPDATE 1"},
      {"step": 7, "time_ms": 0, "actor": 1, "op": "db.update", "text": "UPDATE storefront_drafts SET version = 2 WHERE tenant_id = 1 AND version = 1", "result": "blocked: waits for agent-1"},
      {"step": 9, "time_ms": 0, "actor": 2, "op": "db.update", "text": "UPDATE storefront_drafts SET version = 2 WHERE tenant_id = 1 AND version = 1", "result": "blocked: waits for agent-2"},
      {"step": 12, "time_ms": 0, "actor": 0, "op": "db.commit", "text": "COMMIT", "result": "COMMIT"},
      {"step": 19, "time_ms": 0, "actor": 2, "op": "db.update", "text": "UPDATE storefront_drafts SET version = 2 WHERE tenant_id = 1 AND version = 1", "result": "UPDATE 0"}
    ],
    "verdict": {"status": "divergence", "step": 19}
  })json");
  trace["verdict"]["message"] = kMessage;
  return trace;
}

TEST(DivergenceReport, MarkdownHasItsOwnTitleAndNoAcceptanceCriteria) {
  const std::string report = render_markdown(divergence_trace(), "runs/x/trace.json");
  EXPECT_THAT(report, HasSubstr("# Model fidelity divergence: the model and PostgreSQL disagree\n"));
  EXPECT_THAT(report, Not(HasSubstr("# Race")));
  EXPECT_THAT(report, Not(HasSubstr("Acceptance Criteria")));
  EXPECT_THAT(report, Not(HasSubstr("- [ ]")));
  EXPECT_THAT(report, Not(HasSubstr("race-condition")));
  EXPECT_THAT(report, Not(HasSubstr("Property Violated")));
  EXPECT_THAT(report, HasSubstr("tags: [model-fidelity, interleave, section-id-race]"));
  EXPECT_THAT(report, HasSubstr("not a race in the application"));
}

TEST(DivergenceReport, MarkdownSaysBothSidesTheStatementTheWaitsAndHowToReproduce) {
  const std::string report = render_markdown(divergence_trace(), "runs/x/trace.json");
  EXPECT_THAT(report, HasSubstr("- Where: step 19, agent-3\n"));
  EXPECT_THAT(report,
              HasSubstr("- Statement: `UPDATE storefront_drafts SET version = 2 WHERE tenant_id = 1 AND version = 1`"));
  EXPECT_THAT(report, HasSubstr("- The model: let it go on\n- PostgreSQL: still makes it wait\n"));
  EXPECT_THAT(report, HasSubstr("## Waits\n- step 7, agent-2: UPDATE storefront_drafts SET version = 2 WHERE "
                                "tenant_id = 1 AND version = 1 — blocked: waits for agent-1\n- step 9, agent-3:"));
  EXPECT_THAT(report, HasSubstr("interleave replay runs/x/trace.json --backend postgres\n"));
  EXPECT_THAT(report, HasSubstr("interleave explore section-id-race --variant alt --strategy random --seed 1 "
                                "--schedules 14 --backend postgres\n"));
}

TEST(DivergenceReport, AccountReadsBothSidesOfEachWording) {
  struct Case {
    std::string message;
    DivergenceAccount expected;
  };
  const std::vector<Case> cases = {
      {"on PostgreSQL: step 3, s2: SELECT * FROM t WHERE a = 'x: y': the model answered 1 row, the server error "
       "55P03: canceling statement due to lock timeout",
       {.where = "step 3, s2",
        .statement = "SELECT * FROM t WHERE a = 'x: y'",
        .model = "1 row",
        .server = "error 55P03: canceling statement due to lock timeout"}},
      // What the server makes the statement wait for goes with its side.
      {"on PostgreSQL: step 17, agent-1: UPDATE t SET a = 1 WHERE id = 1: the model let it go on; the server still "
       "makes it wait (for agent-3)",
       {.where = "step 17, agent-1",
        .statement = "UPDATE t SET a = 1 WHERE id = 1",
        .model = "let it go on",
        .server = "still makes it wait (for agent-3)"}},
  };
  for (const Case& c : cases) {
    const DivergenceAccount account = divergence_account(c.message);
    EXPECT_EQ(account.where, c.expected.where) << c.message;
    EXPECT_EQ(account.statement, c.expected.statement) << c.message;
    EXPECT_EQ(account.model, c.expected.model) << c.message;
    EXPECT_EQ(account.server, c.expected.server) << c.message;
  }
  EXPECT_TRUE(divergence_account("final tables: a differs").model.empty());
  // Text after the wording that is not the server's blockers is no account.
  EXPECT_TRUE(divergence_account("x: the model let it go on; the server still makes it wait, and more").model.empty());
}

TEST(DivergenceReport, HtmlHeadingIsNotARace) {
  const std::string html = render_html(divergence_trace(), "trace.json");
  EXPECT_THAT(html, HasSubstr("<h1>Model fidelity divergence: the model and PostgreSQL disagree (section-id-race, "
                              "alt variant)</h1>"));
  EXPECT_THAT(html, Not(HasSubstr("<h1>Race")));
}

json divergence_entry() {
  return {{"scenario", "section-id-race"}, {"variant", "alt"},          {"strategy", "random"},
          {"schedules", 14u},              {"first_violation_at", 13u}, {"elapsed_s", 2.5},
          {"verdict", "divergence"},       {"message", kMessage},      {"expected", "holds"},
          {"as_expected", false},          {"trace", "out/section-id-race/alt/trace.json"}};
}

TEST(DivergenceReport, JunitCountsItAsAnErrorNotAFailure) {
  const JunitRun run{.timestamp = "2026-12-04T23:00:00", .cases = {junit_case(divergence_entry(), divergence_trace())}};
  const std::string xml = render_junit(run);
  EXPECT_THAT(xml, HasSubstr("failures=\"0\" errors=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<error message=\"Model fidelity divergence: the model and PostgreSQL disagree: on "
                             "PostgreSQL: step 19"));
  EXPECT_THAT(xml, HasSubstr("type=\"fidelity-divergence\""));
  EXPECT_THAT(xml, Not(HasSubstr("<failure")));
  EXPECT_THAT(xml, Not(HasSubstr("model-fidelity: ")));
}

TEST(DivergenceReport, DashboardDoesNotShowItAsAViolation) {
  const std::string html = render_dashboard(json::array({divergence_entry()}));
  EXPECT_THAT(html, HasSubstr("model fidelity divergence (not a race)"));
  EXPECT_THAT(html, Not(HasSubstr("class=\"bar violation-bar\"")));
}

}  // namespace
}  // namespace interleave::reports
