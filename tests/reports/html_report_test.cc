#include "reports/html_report.h"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/causality.h"
#include "reports/dashboard.h"
#include "reports/html_page.h"
#include "reports/trace_record.h"
#include "tests/text_count.h"

namespace interleave::reports {
namespace {

using nlohmann::json;

// Report 000's race with a committed setup row and a workflow started by
// api-2. Two events share step 9, so the marker must pick the later one
// (event 6).
json race_trace() {
  return json::parse(R"json({
    "format": "interleave-trace", "version": 1,
    "scenario": "tenant-slug-race", "report": "000",
    "title": "Tenant slug TOCTOU in tenant provisioning",
    "variant": "seed", "strategy": "random", "seed": 1, "schedule": 17,
    "actors": [
      {"id": 0, "name": "setup", "kind": "setup", "operation": "given"},
      {"id": 1, "name": "api-1", "kind": "request", "operation": "create_tenant(slug='acme')"},
      {"id": 2, "name": "api-2", "kind": "request", "operation": "create_tenant(slug='acme')"},
      {"id": 3, "name": "tenant-provision-acme", "kind": "workflow", "parent": 2}
    ],
    "events": [
      {"step": 0, "actor": 0, "op": "db.insert", "text": "INSERT INTO tenants (slug) VALUES ('globex')", "result": "id 1"},
      {"step": 1, "actor": 0, "op": "db.commit", "text": "COMMIT", "result": "COMMIT"},
      {"step": 2, "actor": 1, "op": "db.select", "text": "SELECT * FROM tenants WHERE slug = 'acme'", "result": "0 rows"},
      {"step": 3, "actor": 2, "op": "db.advisory_lock", "text": "SELECT pg_advisory_xact_lock(7)", "result": "blocked: waits for api-1"},
      {"step": 5, "actor": 2, "op": "workflow.start", "text": "start_workflow TenantProvisioningWorkflow id=tenant-provision-acme", "result": "started"},
      {"step": 9, "actor": 1, "op": "workflow.start", "text": "start_workflow TenantProvisioningWorkflow id=tenant-provision-acme", "result": ""},
      {"step": 9, "actor": 1, "op": "call.return", "text": "create_tenant", "result": "error: workflow already started"}
    ],
    "verdict": {"status": "violation", "property": "unique-slugs",
                "message": "api-1: create_tenant ended in an unhandled error", "step": 9}
  })json");
}


TEST(HtmlReport, DrawsOneLanePerActorWithEventsInActorOrder) {
  const std::string html = render_html(race_trace(), "runs/000/trace.json");
  EXPECT_EQ(test_support::occurrences(html, "<g class=\"lane\""), 3u);
  const std::size_t setup = html.find("data-actor=\"setup\"");
  const std::size_t api1 = html.find("data-actor=\"api-1\"");
  const std::size_t api2 = html.find("data-actor=\"api-2\"");
  EXPECT_LT(setup, api1);
  EXPECT_LT(api1, api2);
  // An actor without events gets no empty lane; the page names it.
  EXPECT_EQ(html.find("data-actor=\"tenant-provision-acme\""), std::string::npos);
  EXPECT_NE(html.find("No events, so no lane: <code>tenant-provision-acme</code>"), std::string::npos);
}

TEST(HtmlReport, TheStepAxisNamesEachStepOnceAndEveryEventHasACaption) {
  const std::string html = render_html(race_trace(), "trace.json");
  EXPECT_EQ(test_support::occurrences(html, "class=\"step-label\" data-step=\"9\""), 1u) << "two events share step 9";
  EXPECT_EQ(test_support::occurrences(html, "class=\"event-label\""), test_support::occurrences(html, "<g class=\"event "));
  EXPECT_NE(html.find(">start wf</text>"), std::string::npos);
  EXPECT_NE(html.find(">SELECT tenan…</text>"), std::string::npos) << "cut to twelve characters";
  EXPECT_NE(html.find(">COMMIT</text>"), std::string::npos);
  EXPECT_NE(html.find("width=\"100%\""), std::string::npos) << "the swimlane spans the page";
}

TEST(HtmlReport, DrawsTheCauseOfTheFailure) {
  // api-1's start of the workflow failed: api-2 had started it.
  json trace = race_trace();
  EXPECT_EQ(test_support::occurrences(render_html(trace, "trace.json"), "class=\"link link-cause\""), 0u) << "nothing failed to meet";
  trace["events"][5]["result"] = "error: WorkflowAlreadyStartedError";
  const std::string html = render_html(trace, "trace.json");
  EXPECT_EQ(test_support::occurrences(html, "class=\"link link-cause\""), 1u);
  EXPECT_NE(html.find("<title>what the failure met: api-2 "), std::string::npos);
  EXPECT_NE(html.find("<p class=\"cause\">Cause: "), std::string::npos);
}

TEST(HtmlReport, MarksTheLastEventAtTheViolatingStep) {
  const std::string html = render_html(race_trace(), "trace.json");
  EXPECT_EQ(test_support::occurrences(html, " violation\" data-event="), 1u);
  EXPECT_NE(html.find("<g class=\"event kind-call violation\" data-event=\"6\" data-step=\"9\">"), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"event-6\" class=\"violation\">"), std::string::npos);
}

TEST(HtmlReport, DistinguishesLocksCommitsAndBlockedIntervals) {
  const std::string html = render_html(race_trace(), "trace.json");
  EXPECT_NE(html.find("class=\"event kind-commit\" data-event=\"1\""), std::string::npos);
  EXPECT_NE(html.find("class=\"event kind-lock\" data-event=\"3\""), std::string::npos);
  EXPECT_EQ(test_support::occurrences(html, "<rect class=\"blocked\""), 1u);
}

TEST(HtmlReport, HoldingTraceMarksNothing) {
  json trace = race_trace();
  trace["verdict"] = {{"status", "holds"}, {"schedules", 10000}};
  const std::string html = render_html(trace, "trace.json");
  EXPECT_EQ(test_support::occurrences(html, " violation\""), 0u);
  EXPECT_NE(html.find("No race found"), std::string::npos);
}

TEST(HtmlReport, EscapesHostileText) {
  json trace = race_trace();
  trace["title"] = "<b>bold</b> & \"quoted\"";
  trace["actors"][1]["name"] = "o'brien \"<x>\"";
  trace["events"][2]["text"] = "SELECT '<script>alert(\"x\")</script>' FROM tenants";
  trace["verdict"]["message"] = "</blockquote><img src=x onerror=alert(1)>";
  const std::string html = render_html(trace, "it's <here>/trace.json");
  // The page's own two scripts, and no third.
  EXPECT_EQ(test_support::occurrences(html, "<script>"), 2u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find("o'brien"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("data-actor=\"o&#39;brien &quot;&lt;x&gt;&quot;\""), std::string::npos);
}

TEST(HtmlReport, SameTraceSameBytes) {
  const json trace = race_trace();
  const std::string first = render_html(trace, "trace.json");
  EXPECT_EQ(first, render_html(json::parse(trace.dump()), "trace.json"));
  EXPECT_EQ(first, render_html(trace, "trace.json"));
}

TEST(HtmlReport, MissingFieldNamesIt) {
  json trace = race_trace();
  trace["events"][1].erase("step");
  try {
    render_html(trace, "trace.json");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "trace field 'events[1].step' is missing");
  }
}

TEST(EscapeMarkup, EscapesEverySpecialCharacterAndControlCharacters) {
  EXPECT_EQ(escape_markup("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escape_markup(std::string("a\x01" "b\tc\n", 6)), "a?b\tc\n");
}

TEST(Causality, ReadsTablesOfStatements) {
  EXPECT_EQ(statement_table("INSERT INTO tenant_acme.products (name) VALUES ('p')"), "products");
  EXPECT_EQ(statement_table("UPDATE tenants SET status = 'deleted'"), "tenants");
  EXPECT_EQ(statement_table("DELETE FROM memberships WHERE id = 1"), "memberships");
  EXPECT_EQ(statement_table("SELECT * FROM tenants WHERE slug = 'acme'"), "tenants");
  EXPECT_EQ(statement_table("SELECT pg_advisory_xact_lock(7)"), std::nullopt);
  EXPECT_EQ(statement_table("COMMIT"), std::nullopt);
}

TEST(Causality, LinksStartsAndCommitsToTheirEffects) {
  const std::vector<Link> links = causal_links(read_trace(race_trace()));
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].kind, LinkKind::start);
  EXPECT_EQ(links[0].from_actor, "api-2");
  EXPECT_EQ(links[0].from_column, 4u);
  EXPECT_EQ(links[0].to_actor, "tenant-provision-acme");
  EXPECT_EQ(links[1].kind, LinkKind::commit);
  EXPECT_EQ(links[1].from_column, 1u);
  EXPECT_EQ(links[1].to_actor, "api-1");
  EXPECT_EQ(links[1].to_column, 2u);
}

TEST(Causality, LinksAnHttpRequestToItsStatements) {
  json trace = race_trace();
  trace["events"] = json::parse(R"json([
    {"step": 0, "actor": 1, "op": "http.request", "text": "GET /api/v1/tenants/acme/products", "result": "arrives"},
    {"step": 1, "actor": 1, "op": "db.select", "text": "SELECT * FROM tenants WHERE slug = 'acme'", "result": "1 row"},
    {"step": 2, "actor": 1, "op": "http.response", "text": "GET /api/v1/tenants/acme/products", "result": "200 OK"},
    {"step": 3, "actor": 1, "op": "db.select", "text": "SELECT * FROM tenants", "result": "1 row"}
  ])json");
  trace["verdict"]["step"] = 3;
  std::size_t http = 0;
  for (const Link& link : causal_links(read_trace(trace))) {
    if (link.kind != LinkKind::http) continue;
    ++http;
    EXPECT_EQ(link.from_column, 0u);
    EXPECT_EQ(link.to_column, 1u);
  }
  EXPECT_EQ(http, 1u);
}

json hunt_summary() {
  return json::parse(R"json([
    {"scenario": "tenant-slug-race", "variant": "seed", "strategy": "random", "schedules": 1,
     "first_violation_at": 0, "verdict": "violation", "property": "unique-slugs",
     "message": "api-1: <script>alert('x')</script>", "expected": "fails unique-slugs", "as_expected": true,
     "trace": "out/tenant-slug-race/seed/trace.json",
     "shrunk": {"original": {"steps": 10, "actors": 3, "preemptions": 3},
                "shrunk": {"steps": 7, "actors": 2, "preemptions": 0}}},
    {"scenario": "tenant-slug-race", "variant": "fixed", "strategy": "random", "schedules": 2000,
     "first_violation_at": null, "verdict": "holds", "expected": "holds", "as_expected": true},
    {"scenario": "deletion-window", "variant": "hardened", "schedules": 2000,
     "first_violation_at": null, "verdict": "holds", "expected": "fails no-5xx-during-deletion", "as_expected": false}
  ])json");
}

TEST(Dashboard, OneRowPerEntryColouredByVerdictAndABarPerRaceFound) {
  const std::string html = render_dashboard(hunt_summary());
  EXPECT_EQ(test_support::occurrences(html, "<tr class=\"row verdict-"), 3u);
  EXPECT_EQ(test_support::occurrences(html, "<tr class=\"row verdict-race\""), 1u);
  EXPECT_EQ(test_support::occurrences(html, "<tr class=\"row verdict-holds\""), 2u);
  EXPECT_EQ(test_support::occurrences(html, "<rect class=\"bar "), 1u) << "only searches that found a race are bars";
  EXPECT_EQ(test_support::occurrences(html, "<tr class=\"none-row\">"), 2u);
  EXPECT_NE(html.find("<td class=\"num\">none in 2000</td>"), std::string::npos);
  EXPECT_NE(html.find("data-value=\"1\""), std::string::npos) << "first violation at index 0 is 1 schedule";
  EXPECT_NE(html.find("<a href=\"tenant-slug-race/seed/report.html\">"), std::string::npos);
  EXPECT_NE(html.find("steps 10 → 7"), std::string::npos);
  EXPECT_NE(html.find("1 verdicts differ from the catalogue"), std::string::npos);
}

TEST(Dashboard, ShowsTheRunsDetails) {
  const json run = json::parse(R"json({"command": "interleave hunt --out o --seed 7 --schedules 10",
    "seed": 7, "schedules": 10, "started_at": "2026-12-05T02:00:00Z", "version": "interleave 0.1.0 (commit abc1234)"})json");
  const std::string html = render_dashboard(hunt_summary(), run);
  EXPECT_NE(html.find("<dt>started</dt><dd>2026-12-05T02:00:00Z</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>seed</dt><dd>7</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>build</dt><dd>interleave 0.1.0 (commit abc1234)</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>command</dt><dd><code>interleave hunt --out o --seed 7 --schedules 10</code></dd>"),
            std::string::npos);
  EXPECT_EQ(render_dashboard(hunt_summary()).find("<dl class=\"run\">"), std::string::npos);
}

TEST(Dashboard, OtherStrategiesAreBarsWhenTheyFoundTheRaceAndRowsWhenNot) {
  json summary = hunt_summary();
  summary[0]["other_strategies"] = json::parse(R"json([
    {"strategy": "pct", "schedules": 3, "first_violation_at": 2},
    {"strategy": "dfs", "schedules": 2000, "first_violation_at": null}])json");
  const std::string html = render_dashboard(summary);
  EXPECT_EQ(test_support::occurrences(html, "<rect class=\"bar "), 2u);
  EXPECT_NE(html.find(">tenant-slug-race seed pct</text>"), std::string::npos);
  EXPECT_NE(html.find("<title>tenant-slug-race seed pct: found after 3 of 3 schedules</title>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"none-row\"><td>tenant-slug-race seed dfs</td><td class=\"num\">none in 2000</td>"),
            std::string::npos);
  summary[0]["other_strategies"][1].erase("strategy");
  EXPECT_THROW(render_dashboard(summary), std::invalid_argument);
}

TEST(Dashboard, EscapesMessagesAndRendersTheSameBytes) {
  const std::string html = render_dashboard(hunt_summary());
  EXPECT_EQ(test_support::occurrences(html, "<script>"), 2u);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html, render_dashboard(json::parse(hunt_summary().dump())));
}

TEST(Dashboard, MissingFieldNamesIt) {
  json summary = hunt_summary();
  summary[1].erase("verdict");
  try {
    render_dashboard(summary);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "summary field '[1].verdict' is missing");
  }
}

}  // namespace
}  // namespace interleave::reports
