// The isolation spec of a trace: one session per actor, one step per db
// statement in trace order, BEGIN where the port sends it, the givens in
// the setup, and display SQL written back as executable SQL. Seed races are
// found by random seed 1 and shrunk, as `interleave hunt` saves them.
// tests/pg/isolation_spec_pg_test.cc runs the specs on a real server.

#include "reports/isolation_spec.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/spec_schema.h"
#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "reports/trace_record.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"
#include "scenarios/scenario_shrinker.h"

namespace interleave::reports {
namespace {

using nlohmann::json;

json shrunk_seed_trace(const std::string& name) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario* scenario = scenarios::find_scenario(catalogue, name);
  if (!scenario) throw std::invalid_argument("no scenario " + name);
  RandomStrategy random(1);
  ExploreResult found = explore(scenarios::program_factory(*scenario, "seed"), random,
                                scenarios::trace_header(*scenario, "seed"), {.seed = 1, .schedules = 20'000});
  if (!found.trace) throw std::invalid_argument("seed 1 found no failure in " + name);
  return json::parse(serialize(scenarios::shrink_counterexample(*scenario, "seed", *found.trace).trace));
}

// A trace of the given events, with actors "setup", "a" and "b".
json trace_of(const std::vector<json>& events) {
  return {{"format", "interleave-trace"}, {"version", 1}, {"scenario", "unit"}, {"report", "000"},
          {"title", "unit"}, {"variant", "seed"}, {"strategy", "random"}, {"seed", 1}, {"schedule", 0},
          {"actors",
           json::array({{{"id", 0}, {"name", "setup"}}, {{"id", 1}, {"name", "a"}}, {{"id", 2}, {"name", "b"}}})},
          {"events", json(events)},
          {"verdict", {{"status", "holds"}}}};
}

json event(int actor, const std::string& op, const std::string& text, const std::string& result) {
  return {{"step", 0}, {"actor", actor}, {"op", op}, {"text", text}, {"result", result}};
}

std::vector<std::string> sql_of(const IsolationSpec& spec) {
  std::vector<std::string> sql;
  for (const SpecStep& step : spec.steps) sql.push_back(step.name + ": " + step.sql);
  return sql;
}

class SeedRaceIsolationSpec : public ::testing::TestWithParam<std::string> {};

TEST_P(SeedRaceIsolationSpec, EveryStatementIsOneStepInTraceOrderAndTheGivensAreTheSetup) {
  const json trace = shrunk_seed_trace(GetParam());
  const TraceRecord record = read_trace(trace);
  const IsolationSpec spec = build_isolation_spec(trace, app::app_spec_schema());

  std::vector<std::size_t> statements;  // events that start a statement, in trace order
  std::size_t givens = 0;
  std::map<std::string, bool> waiting;  // by actor: its last statement blocked and has not ended
  for (std::size_t i = 0; i < record.events.size(); ++i) {
    const Event& event = record.events[i];
    if (event.op.rfind("db.", 0) != 0) continue;
    if (event.actor_name == "setup") {
      ++givens;
      continue;
    }
    if (!waiting[event.actor_name]) statements.push_back(i);
    waiting[event.actor_name] = event.result.rfind("blocked", 0) == 0;
  }
  std::vector<std::size_t> steps;
  for (const SpecStep& step : spec.steps) {
    if (step.role == StepRole::kStatement) steps.push_back(*step.event);
  }
  EXPECT_EQ(steps, statements);
  ASSERT_EQ(spec.setup.size(), givens == 0 ? 1u : 2u);
  EXPECT_NE(spec.setup[0].find("CREATE TABLE \"tenants\""), std::string::npos);
  for (const SpecStep& step : spec.steps) {
    EXPECT_EQ(step.sql.find('\n'), std::string::npos) << step.sql;
    if (step.role == StepRole::kStatement) {
      EXPECT_EQ(step.result, record.events[*step.result_event].result);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, SeedRaceIsolationSpec,
                         ::testing::Values("tenant-slug-race", "ghost-workflow", "deletion-window",
                                           "membership-retry", "section-id-race"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name;
                           for (char c : info.param) name += c == '-' ? '_' : c;
                           return name;
                         });

TEST(IsolationSpec, MembershipRetryReadsAsReport003sRace) {
  const std::string spec = render_isolation_spec(shrunk_seed_trace("membership-retry"), "trace.json",
                                                 app::app_spec_schema());
  EXPECT_NE(spec.find("#   scenario: membership-retry (report 003: "), std::string::npos) << spec;
  EXPECT_NE(spec.find("isolationtester \"dbname=scratch\" < FILE.spec"), std::string::npos);
  // The givens, with the tenant's boolean as a boolean.
  EXPECT_NE(spec.find(R"(  BEGIN; INSERT INTO "users" ("email", "name") VALUES ('a@x', 'a@x') RETURNING "id";)"
                      "\n"),
            std::string::npos);
  EXPECT_NE(spec.find("VALUES ('acme', 'acme', 'ready', true, 'tenant_acme', 1) RETURNING \"id\";"), std::string::npos);
  EXPECT_NE(spec.find("CREATE TABLE \"tenant_acme\".\"products\" (\"id\" bigserial PRIMARY KEY"), std::string::npos);
  const std::string check =
      R"({ BEGIN; SELECT * FROM "memberships" WHERE "user_id" = 1 AND "tenant_id" = 1 ORDER BY "id"; }  # T0+)";
  const std::string insert =
      R"({ INSERT INTO "memberships" ("user_id", "tenant_id", "role") VALUES (1, 1, 'admin') RETURNING "id"; }  # T0+)";
  EXPECT_NE(spec.find("_1\" " + check), spec.rfind("_1\" " + check)) << "both activities check first:\n" << spec;
  EXPECT_NE(spec.find(insert), std::string::npos);
  EXPECT_NE(spec.find(": error 23505: duplicate key value violates unique constraint "
                      "\"memberships_user_id_tenant_id_key\"\n"),
            std::string::npos);
  // Both checks run before either insert.
  const std::size_t permutation = spec.find("\npermutation\n");
  ASSERT_NE(permutation, std::string::npos);
  const std::string order = spec.substr(permutation);
  EXPECT_LT(order.rfind("create_admin_membership_1\""), order.find("create_admin_membership_2\"")) << order;
  // Non-db events are comments where they happened.
  EXPECT_NE(order.find("/create_admin_membership: create_admin_membership → attempt 1\n"), std::string::npos)
      << order;
}

TEST(IsolationSpec, ABlockedStatementIsOneStepThatShowsItsFinalResult) {
  const std::string acme = "INSERT INTO tenants (name, slug, status) VALUES ('A', 'acme', 'new')";
  const std::string duplicate = "error 23505: duplicate key value violates unique constraint \"tenants_slug_key\"";
  const json trace =
      trace_of({event(1, "db.insert", acme, "id 1"), event(2, "db.insert", acme, "blocked: waits for a"),
                event(1, "db.commit", "COMMIT", "COMMIT"), event(2, "db.insert", acme, duplicate),
                event(2, "db.rollback", "ROLLBACK", "ROLLBACK")});
  const IsolationSpec spec = build_isolation_spec(trace, app::app_spec_schema());
  const std::string insert =
      R"(BEGIN; INSERT INTO "tenants" ("name", "slug", "status") VALUES ('A', 'acme', 'new') RETURNING "id";)";
  EXPECT_EQ(sql_of(spec),
            (std::vector<std::string>{"a_1: " + insert, "b_1: " + insert, "a_2: COMMIT;", "b_2: ROLLBACK;"}));
  EXPECT_TRUE(spec.steps[1].blocked);
  EXPECT_EQ(spec.steps[1].result_event, 3u);
  EXPECT_EQ(spec.steps[1].result.substr(0, 11), "error 23505");
}

TEST(IsolationSpec, AStatementAfterAnErrorWithout25P02RunsOnANewConnection) {
  const std::string missing = "error 42P01: relation \"products\" does not exist";
  const std::string aborted =
      "error 25P02: current transaction is aborted, commands ignored until end of transaction block";
  const json trace = trace_of({event(1, "db.select", "SELECT * FROM products", missing),
                               event(1, "db.select", "SELECT * FROM tenants", "0 rows"),
                               event(2, "db.select", "SELECT * FROM products", missing),
                               event(2, "db.select", "SELECT * FROM tenants", aborted)});
  const IsolationSpec spec = build_isolation_spec(trace, app::app_spec_schema());
  EXPECT_EQ(sql_of(spec), (std::vector<std::string>{
                              R"(a_1: BEGIN; SELECT * FROM "products" ORDER BY "id";)", "a_2: ROLLBACK;",
                              R"(a_3: BEGIN; SELECT * FROM "tenants" ORDER BY "id";)",
                              R"(b_1: BEGIN; SELECT * FROM "products" ORDER BY "id";)",
                              R"(b_2: SELECT * FROM "tenants" ORDER BY "id";)", "a_4: ROLLBACK;", "b_3: ROLLBACK;"}));
  EXPECT_EQ(spec.steps[1].role, StepRole::kClose);
  EXPECT_EQ(spec.steps[5].role, StepRole::kEnd);
}

TEST(IsolationSpec, ACallThatReturnsWithATransactionOpenClosesItThere) {
  const json trace = trace_of({event(0, "db.set", "SET search_path TO tenant_acme", "SET"),
                               event(0, "db.commit", "COMMIT", "COMMIT"),
                               event(1, "db.select", "SELECT * FROM tenants WHERE slug = 'acme' FOR UPDATE", "0 rows"),
                               event(1, "call.return", "create_tenant", "ok"),
                               event(2, "db.update", "UPDATE tenants SET is_active = 0 WHERE slug = 'acme'",
                                     "UPDATE 0")});
  const IsolationSpec spec = build_isolation_spec(trace, app::app_spec_schema());
  EXPECT_EQ(sql_of(spec), (std::vector<std::string>{
                              R"(a_1: BEGIN; SELECT * FROM "tenants" WHERE "slug" = 'acme' ORDER BY "id" FOR UPDATE;)",
                              "a_2: ROLLBACK;",
                              R"(b_1: BEGIN; UPDATE "tenants" SET "is_active" = false WHERE "slug" = 'acme')"
                              R"( RETURNING "id";)",
                              "b_2: ROLLBACK;"}));
  EXPECT_EQ(spec.steps[1].notes, std::vector<std::string>{"T0+3 a: create_tenant → ok"});
  // The setup's committed SET would outlive it on isolationtester's own connection.
  EXPECT_EQ(spec.setup[1], "BEGIN; SET search_path TO \"tenant_acme\";\nCOMMIT;\nRESET ALL;\n");
}

TEST(IsolationSpec, TextThatIsNotTheModelsSqlFailsNamingTheEvent) {
  const json trace = trace_of({event(1, "db.select", "SELECT * FROM tenants WHERE slug LIKE 'a%'", "0 rows")});
  try {
    build_isolation_spec(trace, app::app_spec_schema());
    FAIL() << "a text outside sql_text.cc's grammar was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind("event 0 (T0, a): its SQL cannot be written for a spec: ", 0), 0u)
        << error.what();
  }
}

TEST(IsolationSpec, AGivenAfterTheActorsStartedCannotBeASetup) {
  const json trace = trace_of({event(1, "db.select", "SELECT * FROM tenants", "0 rows"),
                               event(0, "db.insert", "INSERT INTO users (email) VALUES ('a@x')", "id 1")});
  EXPECT_THROW(build_isolation_spec(trace, app::app_spec_schema()), std::invalid_argument);
}

TEST(IsolationSpecSql, QuotesNamesAndWritesValuesAsTheirColumnsRead) {
  const SpecSchema schema = app::app_spec_schema();
  EXPECT_EQ(
      spec_sql("db.insert", "INSERT INTO tenants (name, is_active, deleted_at) VALUES ('O''Hara', 1, NULL)", schema),
      R"(INSERT INTO "tenants" ("name", "is_active", "deleted_at") VALUES ('O''Hara', true, NULL) RETURNING "id")");
  EXPECT_EQ(spec_sql("db.select", "SELECT * FROM tenant_x.products WHERE name = 7", schema),
            R"(SELECT * FROM "tenant_x"."products" WHERE "name" = '7' ORDER BY "id")");
  EXPECT_EQ(spec_sql("db.delete", "DELETE FROM memberships WHERE user_id = -3", schema),
            R"(DELETE FROM "memberships" WHERE "user_id" = -3 RETURNING "id")");
  EXPECT_EQ(spec_sql("db.drop_schema", "DROP SCHEMA IF EXISTS tenant_a-b CASCADE", schema),
            R"(DROP SCHEMA IF EXISTS "tenant_a-b" CASCADE)");
  EXPECT_EQ(spec_sql("db.set", "SET search_path TO ", schema), "SET search_path TO ''");
  EXPECT_EQ(spec_sql("db.advisory_lock", "SELECT pg_try_advisory_xact_lock(-42)", schema),
            "SELECT pg_try_advisory_xact_lock(-42)");
  EXPECT_EQ(spec_sql("db.create_table", "CREATE TABLE tenant_acme.products", schema),
            R"(CREATE TABLE "tenant_acme"."products" ("id" bigserial PRIMARY KEY, "name" text NOT NULL))");
  EXPECT_THROW(spec_sql("db.create_table", "CREATE TABLE tenant_acme.widgets", schema), std::invalid_argument);
  EXPECT_THROW(spec_sql("db.select", "SELECT * FROM tenants WHERE slug = 'acme", schema), std::invalid_argument);
}

TEST(IsolationSpecSql, KeepsBracesOutOfTheSpecsBlocks) {
  // isolationtester's scanner ends a { } block at its first "}".
  EXPECT_EQ(quote_literal(R"({"a":{}})"), R"(E'{"a":{\x7d\x7d')");
  EXPECT_EQ(quote_literal("it's\na\\b"), R"(E'it''s\na\\b')");
  EXPECT_EQ(quote_literal("plain text"), "'plain text'");
  // Whatever standard_conforming_strings says, an E'' string reads \\ as one backslash.
  EXPECT_EQ(quote_literal("a\\b"), R"(E'a\\b')");
  EXPECT_EQ(quote_identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(quote_identifier("a}b\\c"), R"(U&"a\007Db\\c")");
}

}  // namespace
}  // namespace interleave::reports
