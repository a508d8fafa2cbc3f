// The same statements on a real PostgreSQL 15 (PgSession, under
// pg_virtualenv) and on the model: every outcome, as one line, must be the
// same (columns and their types, rows, command tag, notices, or SQLSTATE
// and message).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends/pg/pg_database.h"
#include "backends/pg/pg_session.h"
#include "model/db/database.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

using model::db::Database;
using sql_test::outcome;
using sql_test::run_actors;

struct Script {
  const char* name;
  std::vector<std::string> statements;
};

const std::vector<Script> kScripts = {
    {"create_insert_select",
     {"CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance bigint DEFAULT 100, vip boolean, "
      "doc jsonb, UNIQUE (owner))",
      "INSERT INTO accounts (id, owner) VALUES (1, 'ann'), (2, 'bob')",
      "INSERT INTO accounts VALUES (3, 'cy', 7, true, '{\"b\": 1, \"a\": [2]}')",
      "SELECT * FROM accounts",
      "SELECT owner, balance FROM accounts WHERE balance >= 100 AND vip IS NULL ORDER BY owner DESC",
      "SELECT id FROM accounts WHERE id IN (1, 3) OR owner = 'bob' ORDER BY id LIMIT 2",
      "SELECT count(*) FROM accounts WHERE balance <> 7",
      "SELECT id, vip FROM accounts WHERE vip = 'yes'",
      "SELECT 1, 'x', NULL, true",
      "SELECT count(*), owner FROM accounts",
      "SELECT id FROM accounts ORDER BY id LIMIT NULL", "SELECT count(*) FROM accounts LIMIT 0",
      "SELECT count(*) FROM accounts LIMIT 1", "SELECT id FROM accounts ORDER BY id LIMIT '1'"}},
    {"errors",
     {"CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL UNIQUE, n int)",
      "INSERT INTO t VALUES (1, 'a', 1)", "INSERT INTO t VALUES (1, 'b', 1)", "INSERT INTO t VALUES (2, 'a', 1)",
      "INSERT INTO t (id) VALUES (3)", "INSERT INTO nowhere VALUES (1)", "SELECT nope FROM t",
      "SELECT t.nope FROM t", "SELECT q.n FROM t", "INSERT INTO t (id, name, n) VALUES (4, 'd', 'lots')",
      "INSERT INTO t (id, nope) VALUES (5, 'e')", "INSERT INTO t VALUES (6, 'f', 1, 2)",
      "UPDATE t SET n = n + 2147483647 WHERE id = 1", "UPDATE t SET n = n - 9223372036854775807 * 2 WHERE id = 1",
      "SELECT * FROM t WHERE name = 1",
      "CREATE TABLE t (id int)", "DROP TABLE nowhere", "SELECT * FROM t LIMIT -1"}},
    {"update_delete_returning",
     {"CREATE TABLE acc (id serial PRIMARY KEY, balance int NOT NULL)", "INSERT INTO acc (balance) VALUES (100), (50)",
      "UPDATE acc SET balance = balance - 10 * 2 WHERE id = 1 RETURNING id, balance",
      "UPDATE acc SET balance = -balance", "SELECT * FROM acc ORDER BY balance",
      "DELETE FROM acc WHERE balance < -60 RETURNING *", "DELETE FROM acc WHERE id = 1",
      "INSERT INTO acc (balance) VALUES (1) RETURNING id"}},
    {"on_conflict",
     {"CREATE TABLE kv (k text PRIMARY KEY, v int NOT NULL)", "INSERT INTO kv VALUES ('a', 1)",
      "INSERT INTO kv VALUES ('a', 2), ('b', 2) ON CONFLICT DO NOTHING",
      "INSERT INTO kv VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v RETURNING *",
      "INSERT INTO kv VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET v = 0 WHERE kv.v > 100",
      "INSERT INTO kv VALUES ('a', 5) ON CONFLICT (v) DO NOTHING", "SELECT * FROM kv ORDER BY k"}},
    {"foreign_keys",
     {"CREATE TABLE p (id int PRIMARY KEY)", "CREATE TABLE c (id int, p_id int REFERENCES p)",
      "CREATE TABLE d (id int, p_id int REFERENCES p (id))", "CREATE TABLE e (x int REFERENCES c (id))",
      "INSERT INTO p VALUES (1)", "INSERT INTO c VALUES (1, 1)", "INSERT INTO c VALUES (2, 9)",
      "DELETE FROM p WHERE id = 1", "UPDATE p SET id = 2", "DROP TABLE d", "DROP TABLE p", "DROP TABLE c, p",
      "DROP TABLE IF EXISTS c"}},
    {"transactions",
     {"CREATE TABLE t (n int UNIQUE)", "BEGIN", "INSERT INTO t VALUES (1)", "SAVEPOINT s", "INSERT INTO t VALUES (1)",
      "SELECT * FROM t", "ROLLBACK TO SAVEPOINT s", "INSERT INTO t VALUES (2)", "RELEASE SAVEPOINT s",
      "RELEASE SAVEPOINT s", "COMMIT", "SELECT count(*) FROM t", "COMMIT", "ROLLBACK", "SAVEPOINT x", "RELEASE x",
      "ROLLBACK TO x", "BEGIN", "BEGIN", "SELECT * FROM nowhere", "COMMIT", "START TRANSACTION ISOLATION LEVEL READ COMMITTED",
      "INSERT INTO t VALUES (3)", "END", "SELECT n FROM t ORDER BY n DESC",
      "BEGIN; INSERT INTO t VALUES (4); COMMIT", "SELECT count(*) FROM t"}},
    {"settings_and_schemas",
     {"CREATE SCHEMA s", "CREATE SCHEMA IF NOT EXISTS s", "CREATE SCHEMA s", "SET search_path TO s",
      "CREATE TABLE t (n int)", "CREATE TABLE IF NOT EXISTS t (n int)", "SET lock_timeout = '100ms'",
      "SET lock_timeout TO 1000", "SET lock_timeout = '1s'", "SET LOCAL lock_timeout = 5",
      "SELECT * FROM s.t", "RESET search_path", "SELECT * FROM t", "SET search_path TO public",
      "CREATE TABLE s.u (n int)", "DROP SCHEMA s", "DROP SCHEMA s CASCADE", "DROP SCHEMA IF EXISTS s",
      "DROP SCHEMA s", "CREATE TABLE nope.t (n int)"}},
    {"advisory",
     {"SELECT pg_advisory_lock(7)", "SELECT pg_try_advisory_lock(8)", "SELECT pg_advisory_unlock(7)",
      "SELECT pg_advisory_unlock(7)", "SELECT pg_advisory_unlock_all()", "BEGIN",
      "SELECT pg_try_advisory_xact_lock(1)", "SELECT pg_advisory_xact_lock(2)", "COMMIT",
      "SELECT pg_sleep(0.01)", "SELECT pg_advisory_lock(NULL)"}},
    {"syntax",
     {"SELEC 1", "SELECT 1,", "BEGIN", "SELEC 1", "SELECT 1", "ROLLBACK", "SELECT 'a\xff'", "SELECT 'a\xc3('"}},
};

std::vector<std::string> on_model(const Script& script) {
  std::vector<std::string> outcomes;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 for (const std::string& statement : script.statements) outcomes.push_back(outcome(*session, statement));
               }}});
  return outcomes;
}

std::vector<std::string> on_server(const Script& script) {
  impl::pg::PgDatabase database("", {});
  auto session = database.connect();
  std::vector<std::string> outcomes;
  for (const std::string& statement : script.statements) outcomes.push_back(outcome(*session, statement));
  return outcomes;
}

class SqlServer : public testing::TestWithParam<Script> {};

TEST_P(SqlServer, ModelAnswersAsTheServer) {
  const Script& script = GetParam();
  const std::vector<std::string> server = on_server(script);
  const std::vector<std::string> model = on_model(script);
  ASSERT_EQ(server.size(), model.size());
  for (std::size_t i = 0; i < server.size(); ++i) {
    EXPECT_EQ(model[i], server[i]) << "statement " << i << ": " << script.statements[i];
  }
}

INSTANTIATE_TEST_SUITE_P(Scripts, SqlServer, testing::ValuesIn(kScripts),
                         [](const testing::TestParamInfo<Script>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace interleave
