// Statements of SQL text that wait for each other on the db model: the
// EvalPlanQual re-check of UPDATE, NOWAIT, SKIP LOCKED, lock_timeout, and
// autocommit seen from another session.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/db/database.h"
#include "model/db/model_session.h"
#include "model/db/statement_observer.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

using model::db::Database;
using sql_test::await;
using sql_test::has_blocked;
using sql_test::outcome;
using sql_test::run_actors;

constexpr std::uint64_t kConcurrencySchedules = 10;

// a sets up the table and holds a row lock (taken by `a_locks`) until b
// has parked or finished `b_runs`, and `hold_ms` of virtual time more; b's
// outcomes and a final SELECT are returned.
std::vector<std::string> contend(const std::string& a_locks, const std::vector<std::string>& b_runs,
                                 const std::string& final_select, std::uint64_t schedule,
                                 std::int64_t hold_ms = 0) {
  std::vector<std::string> seen;
  bool a_ready = false;
  bool b_done = false;
  run_actors(
      {{"a",
        [&](Execution& exec, Database& db) {
          auto session = db.connect();
          outcome(*session, "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
          outcome(*session, "INSERT INTO accounts VALUES (1, 100), (2, 100)");
          outcome(*session, "BEGIN");
          EXPECT_EQ(outcome(*session, a_locks).substr(0, 6), a_locks.substr(0, 6));
          a_ready = true;
          await(exec, [&] { return has_blocked(exec, "b") || b_done; });
          if (hold_ms > 0) exec.sleep_for(hold_ms);  // virtual time, for b's lock_timeout
          outcome(*session, "COMMIT");
        }},
       {"b",
        [&](Execution& exec, Database& db) {
          await(exec, [&] { return a_ready; });
          auto session = db.connect();
          for (const std::string& statement : b_runs) seen.push_back(outcome(*session, statement));
          b_done = true;
          await(exec, [&] { return !has_blocked(exec, "a"); });
          seen.push_back(outcome(*session, final_select));
        }}},
      schedule);
  return seen;
}

TEST(SqlConcurrency, UpdateEvaluatesSetOnTheVersionItFinallyLocks) {
  for (std::uint64_t schedule = 0; schedule < kConcurrencySchedules; ++schedule) {
    EXPECT_EQ(contend("UPDATE accounts SET balance = balance - 10 WHERE id = 1",
                      {"UPDATE accounts SET balance = balance - 10 WHERE id = 1 RETURNING balance"},
                      "SELECT balance FROM accounts WHERE id = 1", schedule),
              (std::vector<std::string>{"UPDATE 1 (balance:bigint) [80]", "SELECT 1 (balance:bigint) [80]"}));
  }
}

TEST(SqlConcurrency, UpdateRechecksWhereOnTheNewVersion) {
  EXPECT_EQ(contend("UPDATE accounts SET balance = balance - 10 WHERE id = 1",
                    {"UPDATE accounts SET balance = 0 WHERE balance = 100"}, "SELECT * FROM accounts ORDER BY id", 3),
            (std::vector<std::string>{"UPDATE 1", "SELECT 2 (id:bigint, balance:bigint) [1, 90] [2, 0]"}));
}

TEST(SqlConcurrency, NowaitFailsAtOnceOnALockedRow) {
  EXPECT_EQ(contend("SELECT * FROM accounts WHERE id = 1 FOR UPDATE",
                    {"SELECT * FROM accounts WHERE id = 1 FOR SHARE NOWAIT",
                     "SELECT id FROM accounts WHERE id = 2 FOR UPDATE NOWAIT"},
                    "SELECT count(*) FROM accounts", 1),
            (std::vector<std::string>{"ERROR 55P03: could not obtain lock on row in relation \"accounts\"",
                                      "SELECT 1 (id:bigint) [2]", "SELECT 1 (count:bigint) [2]"}));
}

TEST(SqlConcurrency, SkipLockedSkipsTheLockedRow) {
  EXPECT_EQ(contend("SELECT * FROM accounts WHERE id = 1 FOR NO KEY UPDATE",
                    {"SELECT id FROM accounts ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                     "SELECT id FROM accounts ORDER BY id FOR KEY SHARE SKIP LOCKED"},
                    "SELECT 1", 2),
            (std::vector<std::string>{"SELECT 1 (id:bigint) [2]", "SELECT 2 (id:bigint) [1] [2]",
                                      "SELECT 1 (?column?:bigint) [1]"}));
}

TEST(SqlConcurrency, LockTimeoutCancelsTheWait) {
  EXPECT_EQ(contend("UPDATE accounts SET balance = 1 WHERE id = 1",
                    {"SET lock_timeout = '100ms'", "DELETE FROM accounts WHERE id = 1"}, "SELECT count(*) FROM accounts",
                    4, /*hold_ms=*/1000),
            (std::vector<std::string>{"SET", "ERROR 55P03: canceling statement due to lock timeout",
                                      "SELECT 1 (count:bigint) [2]"}));
}

TEST(SqlConcurrency, LockTableNowaitAndAdvisoryTry) {
  EXPECT_EQ(contend("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE",
                    {"BEGIN", "LOCK TABLE accounts IN ROW EXCLUSIVE MODE NOWAIT", "ROLLBACK",
                     "LOCK TABLE accounts IN ACCESS SHARE MODE"},
                    "SELECT pg_try_advisory_lock(1)", 5),
            (std::vector<std::string>{"BEGIN", "ERROR 55P03: could not obtain lock on relation \"accounts\"",
                                      "ROLLBACK", "ERROR 25P01: LOCK TABLE can only be used in transaction blocks",
                                      "SELECT 1 (pg_try_advisory_lock:boolean) [1]"}));
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

// What a lockstep mirror hears from a model session, one line per call.
class HeardStatements final : public model::db::StatementObserver {
 public:
  void statement_started() override { heard.push_back("started"); }
  void statement_blocked() override { heard.push_back("blocked"); }
  void statement_resumed() override { heard.push_back("resumed"); }
  void connection_broken(bool) override { heard.push_back("broken"); }
  std::vector<std::string> heard;
};

// The mirror tells the server's pick among released waiters from the
// model's by when each waiter ran again: a parked statement is heard to
// resume once it is woken and runs, after it was heard to block.
TEST(SqlConcurrency, AWaiterIsHeardToBlockThenToResume) {
  HeardStatements b_heard;
  bool a_ready = false;
  sql_test::run_actors(
      {{"a",
        [&](Execution& exec, Database& db) {
          auto session = db.connect();
          sql_test::outcome(*session, "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
          sql_test::outcome(*session, "INSERT INTO accounts VALUES (1, 100)");
          sql_test::outcome(*session, "BEGIN");
          sql_test::outcome(*session, "UPDATE accounts SET balance = 1 WHERE id = 1");
          a_ready = true;
          sql_test::await(exec, [&] { return sql_test::has_blocked(exec, "b"); });
          sql_test::outcome(*session, "COMMIT");
        }},
       {"b",
        [&](Execution& exec, Database& db) {
          sql_test::await(exec, [&] { return a_ready; });
          db.wrap_sessions([&](std::unique_ptr<model::db::ModelSession> session) -> std::unique_ptr<model::db::Session> {
            session->observe(&b_heard);
            return session;
          });
          auto session = db.connect();
          db.wrap_sessions({});
          EXPECT_EQ(sql_test::outcome(*session, "UPDATE accounts SET balance = 2 WHERE id = 1"), "UPDATE 1");
        }}});
  EXPECT_EQ(b_heard.heard, (std::vector<std::string>{"started", "blocked", "resumed"}));
}

}  // namespace
}  // namespace interleave
