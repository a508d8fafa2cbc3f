// Each statement form of the SQL subset on the db model, one actor.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/db/database.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

using model::db::Database;
using model::db::Value;
using sql_test::outcome;
using sql_test::run_actors;

// Runs `statements` in order on one session and returns each outcome.
std::vector<std::string> script(const std::vector<std::string>& statements) {
  std::vector<std::string> outcomes;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 for (const std::string& statement : statements) outcomes.push_back(outcome(*session, statement));
               }}});
  return outcomes;
}

const std::string kAccounts =
    "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance bigint DEFAULT 100, vip boolean, "
    "UNIQUE (owner))";

TEST(SqlStatements, CreateInsertSelect) {
  EXPECT_EQ(script({kAccounts, "INSERT INTO accounts (id, owner) VALUES (1, 'ann'), (2, 'bob')",
                    "INSERT INTO accounts VALUES (3, 'cy', 7, true)", "SELECT * FROM accounts",
                    "SELECT owner, balance FROM accounts WHERE balance >= 100 AND NOT vip IS NOT NULL ORDER BY owner DESC",
                    "SELECT id FROM accounts WHERE id IN (1, 3) OR owner = 'bob' ORDER BY id LIMIT 2",
                    "SELECT count(*) FROM accounts WHERE balance <> 7", "SELECT 1, 'x', NULL"}),
            (std::vector<std::string>{
                "CREATE TABLE", "INSERT 0 2", "INSERT 0 1",
                "SELECT 3 (id:bigint, owner:text, balance:bigint, vip:boolean) [1, 'ann', 100, NULL] [2, 'bob', 100, "
                "NULL] [3, 'cy', 7, 1]",
                "SELECT 2 (owner:text, balance:bigint) ['bob', 100] ['ann', 100]",
                "SELECT 2 (id:bigint) [1] [2]", "SELECT 1 (count:bigint) [2]",
                "SELECT 1 (?column?:bigint, ?column?:text, ?column?:text) [1, 'x', NULL]"}));
}

TEST(SqlStatements, ConstraintsNameAndMessagesAsPostgres) {
  EXPECT_EQ(script({kAccounts, "INSERT INTO accounts (id, owner) VALUES (1, 'ann')",
                    "INSERT INTO accounts (id, owner) VALUES (1, 'bob')",
                    "INSERT INTO accounts (id, owner) VALUES (2, 'ann')",
                    "INSERT INTO accounts (id) VALUES (3)", "INSERT INTO accounts (owner) VALUES ('dan')",
                    "INSERT INTO nowhere VALUES (1)", "SELECT nope FROM accounts",
                    "INSERT INTO accounts (id, owner, balance) VALUES (4, 'eve', 'lots')"}),
            (std::vector<std::string>{
                "CREATE TABLE", "INSERT 0 1",
                "ERROR 23505: duplicate key value violates unique constraint \"accounts_pkey\"",
                "ERROR 23505: duplicate key value violates unique constraint \"accounts_owner_key\"",
                "ERROR 23502: null value in column \"owner\" of relation \"accounts\" violates not-null constraint",
                "ERROR 23502: null value in column \"id\" of relation \"accounts\" violates not-null constraint",
                "ERROR 42P01: relation \"nowhere\" does not exist", "ERROR 42703: column \"nope\" does not exist",
                "ERROR 22P02: invalid input syntax for type bigint: \"lots\""}));
}

TEST(SqlStatements, SerialColumnsCountOnTheirOwnSequence) {
  EXPECT_EQ(script({"CREATE TABLE t (id serial PRIMARY KEY, n int)", "INSERT INTO t (n) VALUES (10), (20)",
                    "INSERT INTO t (n) VALUES (30) RETURNING id, n", "SELECT id FROM t ORDER BY id DESC LIMIT 1"}),
            (std::vector<std::string>{"CREATE TABLE", "INSERT 0 2", "INSERT 0 1 (id:bigint, n:bigint) [3, 30]",
                                      "SELECT 1 (id:bigint) [3]"}));
}

TEST(SqlStatements, UpdateAndDeleteWithExpressionsAndReturning) {
  EXPECT_EQ(script({kAccounts, "INSERT INTO accounts (id, owner) VALUES (1, 'ann'), (2, 'bob')",
                    "UPDATE accounts SET balance = balance - 10 * 2 WHERE owner = 'ann' RETURNING id, balance",
                    "UPDATE accounts SET vip = true", "DELETE FROM accounts WHERE id = 2 RETURNING *",
                    "DELETE FROM accounts WHERE id = 2", "SELECT * FROM accounts"}),
            (std::vector<std::string>{
                "CREATE TABLE", "INSERT 0 2", "UPDATE 1 (id:bigint, balance:bigint) [1, 80]", "UPDATE 2",
                "DELETE 1 (id:bigint, owner:text, balance:bigint, vip:boolean) [2, 'bob', 100, 1]", "DELETE 0",
                "SELECT 1 (id:bigint, owner:text, balance:bigint, vip:boolean) [1, 'ann', 80, 1]"}));
}

TEST(SqlStatements, OnConflictDoNothingAndDoUpdate) {
  EXPECT_EQ(script({"CREATE TABLE kv (k text PRIMARY KEY, v int NOT NULL)", "INSERT INTO kv VALUES ('a', 1)",
                    "INSERT INTO kv VALUES ('a', 2), ('b', 2) ON CONFLICT DO NOTHING",
                    "INSERT INTO kv VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v RETURNING *",
                    "INSERT INTO kv VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET v = 0 WHERE kv.v > 100",
                    "INSERT INTO kv VALUES ('a', 5) ON CONFLICT (v) DO NOTHING", "SELECT * FROM kv ORDER BY k"}),
            (std::vector<std::string>{
                "CREATE TABLE", "INSERT 0 1", "INSERT 0 1", "INSERT 0 1 (k:text, v:bigint) ['a', 6]", "INSERT 0 0",
                "ERROR 42P10: there is no unique or exclusion constraint matching the ON CONFLICT specification",
                "SELECT 2 (k:text, v:bigint) ['a', 6] ['b', 2]"}));
}

// The PostgreSQL backend creates the app's tables with named constraints
// (backends/pg/ddl.cc), and an exported isolation spec's setup does too.
TEST(SqlStatements, NamedUniqueAndForeignKeyConstraints) {
  EXPECT_EQ(script({"CREATE TABLE p (id int PRIMARY KEY, slug text, CONSTRAINT p_slug_unique UNIQUE (slug))",
                    "CREATE TABLE c (id int, p_id int, CONSTRAINT c_to_p FOREIGN KEY (p_id) REFERENCES p (id))",
                    "INSERT INTO p VALUES (1, 'a')", "INSERT INTO p VALUES (2, 'a')", "INSERT INTO c VALUES (1, 9)",
                    "CREATE TABLE q (id int, CONSTRAINT q_key PRIMARY KEY (id))"}),
            (std::vector<std::string>{
                "CREATE TABLE", "CREATE TABLE", "INSERT 0 1",
                "ERROR 23505: duplicate key value violates unique constraint \"p_slug_unique\"",
                "ERROR 23503: insert or update on table \"c\" violates foreign key constraint \"c_to_p\"",
                "ERROR 0A000: SQL feature not supported by the model: CONSTRAINT name PRIMARY KEY at character 25"}));
}

TEST(SqlStatements, ForeignKeys) {
  EXPECT_EQ(script({"CREATE TABLE p (id int PRIMARY KEY)", "CREATE TABLE c (id int, p_id int REFERENCES p)",
                    "INSERT INTO p VALUES (1)", "INSERT INTO c VALUES (1, 1)", "INSERT INTO c VALUES (2, 9)",
                    "DELETE FROM p WHERE id = 1", "DROP TABLE p", "DROP TABLE c, p", "DROP TABLE IF EXISTS c"}),
            (std::vector<std::string>{
                "CREATE TABLE", "CREATE TABLE", "INSERT 0 1", "INSERT 0 1",
                "ERROR 23503: insert or update on table \"c\" violates foreign key constraint \"c_p_id_fkey\"",
                "ERROR 23503: update or delete on table \"p\" violates foreign key constraint \"c_p_id_fkey\" on "
                "table \"c\"",
                "ERROR 2BP01: cannot drop table p because other objects depend on it", "DROP TABLE",
                "DROP TABLE NOTICE(table \"c\" does not exist, skipping)"}));
}

TEST(SqlStatements, TransactionsSavepointsAndAbortedState) {
  EXPECT_EQ(script({"CREATE TABLE t (n int UNIQUE)", "BEGIN", "INSERT INTO t VALUES (1)", "SAVEPOINT s",
                    "INSERT INTO t VALUES (1)", "SELECT * FROM t", "ROLLBACK TO SAVEPOINT s", "INSERT INTO t VALUES (2)",
                    "RELEASE SAVEPOINT s", "COMMIT", "SELECT count(*) FROM t", "COMMIT", "SAVEPOINT x",
                    "BEGIN ISOLATION LEVEL SERIALIZABLE", "BEGIN; INSERT INTO t VALUES (1); COMMIT", "ROLLBACK"}),
            (std::vector<std::string>{
                "CREATE TABLE", "BEGIN", "INSERT 0 1", "SAVEPOINT",
                "ERROR 23505: duplicate key value violates unique constraint \"t_n_key\"",
                "ERROR 25P02: current transaction is aborted, commands ignored until end of transaction block",
                "ROLLBACK", "INSERT 0 1", "RELEASE", "COMMIT", "SELECT 1 (count:bigint) [2]",
                "COMMIT NOTICE(WARNING:  there is no transaction in progress)",
                "ERROR 25P01: SAVEPOINT can only be used in transaction blocks",
                "ERROR 0A000: SQL feature not supported by the model: isolation level SERIALIZABLE at character 7",
                "ERROR 23505: duplicate key value violates unique constraint \"t_n_key\"", "ROLLBACK"}));
}

TEST(SqlStatements, AutocommitOutsideBeginIsVisibleAtOnce) {
  std::vector<std::string> seen;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto writer = db.connect();
                 auto reader = db.connect();
                 outcome(*writer, "CREATE TABLE t (n int)");
                 outcome(*writer, "INSERT INTO t VALUES (1)");
                 seen.push_back(outcome(*reader, "SELECT n FROM t"));
                 // A failed statement outside BEGIN leaves no aborted transaction behind.
                 seen.push_back(outcome(*writer, "INSERT INTO t VALUES ('x')"));
                 seen.push_back(outcome(*writer, "INSERT INTO t VALUES (2)"));
                 outcome(*writer, "BEGIN");
                 outcome(*writer, "INSERT INTO t VALUES (3)");
                 seen.push_back(outcome(*reader, "SELECT count(*) FROM t"));
                 outcome(*writer, "COMMIT");
                 seen.push_back(outcome(*reader, "SELECT count(*) FROM t"));
               }}});
  EXPECT_EQ(seen, (std::vector<std::string>{"SELECT 1 (n:bigint) [1]",
                                            "ERROR 22P02: invalid input syntax for type integer: \"x\"",
                                            "INSERT 0 1", "SELECT 1 (count:bigint) [2]",
                                            "SELECT 1 (count:bigint) [3]"}));
}

TEST(SqlStatements, ParametersAndMultipleStatements) {
  std::vector<std::string> seen;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 outcome(*session, "CREATE TABLE t (n int, s text)");
                 seen.push_back(outcome(*session, "INSERT INTO t VALUES ($1, $2)", {Value{std::int64_t{5}}, Value{"five"}}));
                 seen.push_back(outcome(*session, "SELECT s FROM t WHERE n = $1", {Value{"5"}}));
                 seen.push_back(outcome(*session, "SELECT s FROM t WHERE n = $2", {Value{"5"}}));
                 seen.push_back(outcome(*session, "BEGIN; UPDATE t SET n = n + 1;"));
                 seen.push_back(outcome(*session, "SELECT 1; SELECT 2", {Value{"5"}}));
                 seen.push_back(outcome(*session, "ROLLBACK; SELECT n FROM t"));
               }}});
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "INSERT 0 1", "SELECT 1 (s:text) ['five']", "ERROR 42P02: there is no parameter $2", "UPDATE 1",
                      "ERROR 42601: cannot insert multiple commands into a prepared statement",
                      "SELECT 1 (n:bigint) [5]"}));
}

TEST(SqlStatements, ResetAllRestoresEverySetting) {
  EXPECT_EQ(script({"CREATE SCHEMA s", "CREATE TABLE s.t (n int)", "SET search_path TO s", "SELECT * FROM t",
                    "RESET ALL", "SELECT * FROM t"}),
            (std::vector<std::string>{"CREATE SCHEMA", "CREATE TABLE", "SET", "SELECT 0 (n:bigint)", "RESET",
                                      "ERROR 42P01: relation \"t\" does not exist"}));
}

TEST(SqlStatements, SettingsAsPostgresReadsThem) {
  EXPECT_EQ(script({"CREATE SCHEMA s", "CREATE SCHEMA IF NOT EXISTS s", "SET search_path TO s",
                    "CREATE TABLE t (n int)", "SET lock_timeout = '100ms'", "SET lock_timeout TO 1000",
                    "SET lock_timeout = '1s'", "SET LOCAL lock_timeout = 5", "SET statement_timeout = 5",
                    "SELECT * FROM s.t", "RESET search_path", "SELECT * FROM t", "DROP SCHEMA s",
                    "DROP SCHEMA s CASCADE", "DROP SCHEMA IF EXISTS s"}),
            (std::vector<std::string>{
                "CREATE SCHEMA", "CREATE SCHEMA NOTICE(schema \"s\" already exists, skipping)", "SET",
                "CREATE TABLE", "SET", "SET", "SET", "SET NOTICE(WARNING:  SET LOCAL can only be used in transaction blocks)",
                "SET",
                "SELECT 0 (n:bigint)", "RESET", "ERROR 42P01: relation \"t\" does not exist",
                "ERROR 2BP01: cannot drop schema s because other objects depend on it",
                "DROP SCHEMA NOTICE(drop cascades to table s.t)",
                "DROP SCHEMA NOTICE(schema \"s\" does not exist, skipping)"}));
}

TEST(SqlStatements, AdvisoryLockFunctionsReturnWhatPostgresReturns) {
  EXPECT_EQ(script({"SELECT pg_advisory_lock(7)", "SELECT pg_try_advisory_lock(8)", "SELECT pg_advisory_unlock(7)",
                    "SELECT pg_advisory_unlock(7)", "SELECT pg_advisory_unlock_all()",
                    "BEGIN", "SELECT pg_try_advisory_xact_lock(1)", "SELECT pg_advisory_xact_lock(2)", "COMMIT",
                    "SELECT pg_sleep(0.25)"}),
            (std::vector<std::string>{
                "SELECT 1 (pg_advisory_lock:text) ['']", "SELECT 1 (pg_try_advisory_lock:boolean) [1]",
                "SELECT 1 (pg_advisory_unlock:boolean) [1]",
                "SELECT 1 (pg_advisory_unlock:boolean) [0] NOTICE(WARNING:  you don't own a lock of type ExclusiveLock)",
                "SELECT 1 (pg_advisory_unlock_all:text) ['']", "BEGIN",
                "SELECT 1 (pg_try_advisory_xact_lock:boolean) [1]", "SELECT 1 (pg_advisory_xact_lock:text) ['']",
                "COMMIT", "SELECT 1 (pg_sleep:text) ['']"}));
}

TEST(SqlStatements, SyntaxErrorIsPostgresMessageWithPosition) {
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 try {
                   session->execute("SELECT 1;\nSELEC 2");
                   ADD_FAILURE() << "no error";
                 } catch (const model::db::DbError& error) {
                   EXPECT_EQ(error.sqlstate(), "42601");
                   EXPECT_STREQ(error.what(), "syntax error at or near \"SELEC\"");
                   EXPECT_EQ(error.position(), 11);
                 }
               }}});
}

}  // namespace
}  // namespace interleave
