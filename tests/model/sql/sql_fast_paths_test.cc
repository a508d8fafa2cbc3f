// The SQL front-end's shortcuts give what the slow way gives: the key form
// of a WHERE keeps the rows row-by-row evaluation keeps, the reader's
// address table never answers for text a buffer no longer holds, what a
// statement worked out from its table's shape is never used for a table of
// another shape (not even while it waits and another session runs it on
// another table), and BEGIN is no scheduling point while a statement that
// reads is one.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "model/db/database.h"
#include "model/db/sql/sql_expression.h"
#include "model/db/sql/sql_reader.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

namespace sql = model::db::sql;
using model::db::ColumnType;
using model::db::Database;
using model::db::TableDef;
using model::db::Value;

const TableDef kItems{.name = "items",
                      .columns = {{.name = "a", .type = ColumnType::kBigInt},
                                  {.name = "b", .type = ColumnType::kText},
                                  {.name = "n", .type = ColumnType::kBigInt, .int4 = true}},
                      .id_column = false};

const sql::Expr& where_of(const std::string& text) {
  const sql::Script& script = sql::read_sql(text);
  return *std::get<sql::Select>(script.statements.at(0).plan).where;
}

// Row by row, as SqlFilter does without the key form.
bool evaluated(const sql::Expr& where, const std::vector<Value>& row, const std::vector<Value>& params) {
  sql::RowScope scope{.def = &kItems, .name = "items", .row = &row};
  return sql::is_true(sql::evaluate(where, scope, {.params = &params}));
}

// The key form of `where` as a statement's run reads it: the plan its memo
// keeps (`plan`, which `keys` points into), then this call's keys.
bool key_form(const sql::Expr& where, const std::vector<Value>& params, std::optional<sql::KeyPlan>& plan,
              sql::KeyMatch& keys) {
  plan = sql::key_plan(where, {.def = &kItems, .name = "items"}, params.size());
  return plan && sql::key_match(*plan, {.params = &params}, keys);
}

TEST(SqlFastPaths, KeyFormKeepsWhatEvaluationKeeps) {
  const std::vector<std::vector<Value>> rows = {
      {Value{std::int64_t{7}}, Value{std::string("x")}, Value{std::int64_t{1}}},
      {Value{std::int64_t{7}}, Value{std::string("y")}, Value{std::int64_t{1}}},
      {Value{std::int64_t{8}}, Value{std::string("x")}, Value{}},
      {Value{}, Value{std::string("x")}, Value{std::int64_t{1}}},
  };
  const std::vector<std::pair<std::string, std::vector<Value>>> cases = {
      {"SELECT * FROM items WHERE a = $1", {Value{std::int64_t{7}}}},
      {"SELECT * FROM items WHERE a = $1", {Value{std::string("8")}}},  // text, read as bigint
      {"SELECT * FROM items WHERE a = $1", {Value{}}},                  // NULL keeps nothing
      {"SELECT * FROM items WHERE $1 = a AND b = 'x'", {Value{std::int64_t{7}}}},
      {"SELECT * FROM items WHERE a = 7 AND b = $1 AND n = 1", {Value{std::string("x")}}},
      {"SELECT * FROM items WHERE items.b = 'y'", {}},
  };
  for (const auto& [text, params] : cases) {
    const sql::Expr& where = where_of(text);
    std::optional<sql::KeyPlan> plan;
    sql::KeyMatch keys;
    ASSERT_TRUE(key_form(where, params, plan, keys)) << text;
    for (const std::vector<Value>& row : rows) {
      EXPECT_EQ(keys.keeps(row), evaluated(where, row, params)) << text;
    }
  }
}

TEST(SqlFastPaths, OtherShapesAndBadInputAreLeftToEvaluation) {
  const std::vector<Value> params = {Value{std::string("not a number")}};
  for (const std::string text : {"SELECT * FROM items WHERE a > 1",           // not an equality
                                 "SELECT * FROM items WHERE a = 1 OR b = 'x'",  // not a conjunction
                                 "SELECT * FROM items WHERE b = 1",             // 42883, row by row
                                 "SELECT * FROM items WHERE a = $1",            // 22P02, row by row
                                 "SELECT * FROM items WHERE a = n",             // two columns
                                 "SELECT * FROM items WHERE a = 1 AND b = 'x' AND n = 1 AND a = 2"}) {
    std::optional<sql::KeyPlan> plan;
    sql::KeyMatch keys;
    EXPECT_FALSE(key_form(where_of(text), params, plan, keys)) << text;
  }
}

TEST(SqlFastPaths, AReusedBufferIsReadAfresh) {
  std::string buffer = "SELECT 1";
  EXPECT_EQ(sql::read_sql(buffer).statements.at(0).text, "SELECT 1");
  buffer[7] = '2';  // same address, same length, other text
  EXPECT_EQ(sql::read_sql(buffer).statements.at(0).text, "SELECT 2");
  buffer = "SELEC 3";
  EXPECT_THROW(sql::read_sql(buffer), model::db::DbError);
}

// The same texts, run against a table dropped and created again with its
// columns in another order, then without a column: each run answers for
// the table it meets, never for the one its first run met.
TEST(SqlFastPaths, AStatementMeetingAnotherShapeOfItsTableIsCheckedAgain) {
  const std::string update = "UPDATE t SET b = $1 WHERE a = $2 RETURNING b";
  const std::string select = "SELECT a, b FROM t WHERE a = $1";
  const std::string remove = "DELETE FROM t WHERE a = $1 RETURNING a";
  const std::string insert = "INSERT INTO t (a, b) VALUES ($2, $1) RETURNING b";
  const std::vector<Value> two_params = {Value{std::string("20")}, Value{std::int64_t{1}}};
  const std::vector<Value> one_param = {Value{std::int64_t{1}}};
  sql_test::run_actors({{"a", [&](Execution&, Database& db) {
    auto s = db.connect();
    sql_test::outcome(*s, "CREATE TABLE t (a int, b int)");
    EXPECT_EQ(sql_test::outcome(*s, insert, {Value{std::string("10")}, Value{std::int64_t{1}}}),
              "INSERT 0 1 (b:bigint) [10]");
    EXPECT_EQ(sql_test::outcome(*s, update, two_params), "UPDATE 1 (b:bigint) [20]");
    EXPECT_EQ(sql_test::outcome(*s, select, one_param), "SELECT 1 (a:bigint, b:bigint) [1, 20]");
    // The columns in the other order: b is column 0 now.
    sql_test::outcome(*s, "DROP TABLE t");
    sql_test::outcome(*s, "CREATE TABLE t (b text, a int)");
    EXPECT_EQ(sql_test::outcome(*s, insert, two_params), "INSERT 0 1 (b:text) ['20']");
    sql_test::outcome(*s, "DELETE FROM t");
    sql_test::outcome(*s, "INSERT INTO t VALUES ('x', 1)");
    EXPECT_EQ(sql_test::outcome(*s, update, two_params), "UPDATE 1 (b:text) ['20']");
    EXPECT_EQ(sql_test::outcome(*s, select, one_param), "SELECT 1 (a:bigint, b:text) [1, '20']");
    // One parameter fewer than the statement names.
    EXPECT_EQ(sql_test::outcome(*s, update, one_param), "ERROR 42P02: there is no parameter $2");
    // No column b any more.
    sql_test::outcome(*s, "DROP TABLE t");
    sql_test::outcome(*s, "CREATE TABLE t (a int)");
    EXPECT_EQ(sql_test::outcome(*s, update, two_params),
              "ERROR 42703: column \"b\" of relation \"t\" does not exist");
    EXPECT_EQ(sql_test::outcome(*s, select, one_param), "ERROR 42703: column \"b\" does not exist");
    EXPECT_EQ(sql_test::outcome(*s, insert, two_params),
              "ERROR 42703: column \"b\" of relation \"t\" does not exist");
    sql_test::outcome(*s, "INSERT INTO t VALUES (1)");
    EXPECT_EQ(sql_test::outcome(*s, remove, one_param), "DELETE 1 (a:bigint) [1]");
  }}});
}

// One text run by two sessions whose search paths name tables of two
// shapes: while the first waits for a conflicting insert, the second works
// the statement out again for its own table. The first still answers for
// the table it met (DO NOTHING under its own arbiter), as PostgreSQL does.
TEST(SqlFastPaths, AStatementWaitingKeepsWhatItWorkedOutWhileAnotherSessionRunsItOnAnotherTable) {
  const std::string insert = "INSERT INTO t VALUES (1) ON CONFLICT (k) DO NOTHING";
  bool tables_ready = false;
  bool holding = false;
  bool other_ran = false;
  std::string waiting_outcome;
  sql_test::run_actors(
      {{"holder",
        [&](Execution& exec, Database& db) {
          auto s = db.connect();
          for (const char* statement : {"CREATE SCHEMA s1", "CREATE SCHEMA s2", "CREATE TABLE s1.t (k int PRIMARY KEY)",
                                        "CREATE TABLE s2.t (k int PRIMARY KEY)", "SET search_path TO s1", "BEGIN",
                                        "INSERT INTO t VALUES (1)"}) {
            sql_test::outcome(*s, statement);
          }
          tables_ready = holding = true;
          sql_test::await(exec, [&] { return other_ran; });
          EXPECT_EQ(sql_test::outcome(*s, "COMMIT"), "COMMIT");
        }},
       {"waiter",
        [&](Execution& exec, Database& db) {
          sql_test::await(exec, [&] { return holding; });
          auto s = db.connect();
          sql_test::outcome(*s, "SET search_path TO s1");
          waiting_outcome = sql_test::outcome(*s, insert);
        }},
       {"other",
        [&](Execution& exec, Database& db) {
          sql_test::await(exec, [&] { return tables_ready && sql_test::has_blocked(exec, "waiter"); });
          auto s = db.connect();
          sql_test::outcome(*s, "SET search_path TO s2");
          EXPECT_EQ(sql_test::outcome(*s, insert), "INSERT 0 1");
          other_ran = true;
        }}});
  EXPECT_EQ(waiting_outcome, "INSERT 0 0");
}

TEST(SqlFastPaths, BeginIsNoSchedulingPointAndSelectIsOne) {
  std::vector<std::uint32_t> steps;
  sql_test::run_actors({{"a", [&](Execution& exec, Database& db) {
                           auto session = db.connect();
                           sql_test::outcome(*session, "SELECT 1");  // the actor's first point
                           steps.push_back(exec.steps());
                           EXPECT_EQ(sql_test::outcome(*session, "BEGIN"), "BEGIN");
                           steps.push_back(exec.steps());
                           sql_test::outcome(*session, "SELECT 1");
                           steps.push_back(exec.steps());
                           EXPECT_EQ(sql_test::outcome(*session, "COMMIT"), "COMMIT");
                         }}});
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[1], steps[0]);
  EXPECT_GT(steps[2], steps[1]);
}

}  // namespace
}  // namespace interleave
