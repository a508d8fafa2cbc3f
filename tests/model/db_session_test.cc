#include "model/db/database.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "harness/execution.h"
#include "harness/program.h"
#include "harness/random_strategy.h"
#include "harness/vector_strategy.h"
#include "model/app_schema.h"
#include "model/db/error.h"
#include "model/db/session.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

using model::db::Assignments;
using model::db::Database;
using model::db::DbError;
using model::db::Row;
using model::db::Session;
using sql_test::await;
using sql_test::has_blocked;

// Each test's actors coordinate through flags and the event record, so the
// outcome must be the same under every schedule; we try this many.
constexpr std::uint64_t kSessionSchedules = 40;

// Actors sharing one db model. The Database needs the Execution, so it is
// built in start(); it outlives the run so tests can inspect committed rows.
class DbProgram final : public Program {
 public:
  using Body = std::function<void(Execution&, Database&)>;
  explicit DbProgram(std::vector<std::pair<std::string, Body>> actors) : actors_(std::move(actors)) {}

  void start(Execution& exec) override {
    db_ = std::make_unique<Database>(exec, model::app_tables());
    for (auto& [name, body] : actors_) {
      exec.spawn({.name = name, .kind = "test"}, [this, &exec, &body = body] { body(exec, *db_); });
    }
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }

  Database& db() { return *db_; }

 private:
  std::vector<std::pair<std::string, Body>> actors_;
  std::unique_ptr<Database> db_;
};

// What a finished run leaves; the Execution itself is gone by then.
struct RunResult {
  Verdict verdict;
  std::vector<Event> events;
  std::vector<ActorInfo> actors;

  // True when `actor` recorded a statement that parked waiting for `holder`.
  bool blocked(std::string_view actor, std::string_view holder) const {
    const std::string wanted = "blocked: waits for " + std::string(holder);
    for (const Event& event : events) {
      if (actors.at(event.actor).name == actor && event.result == wanted) return true;
    }
    return false;
  }
};

RunResult run(Program& program, std::uint64_t schedule) {
  RandomStrategy strategy(17);
  strategy.begin_schedule(schedule);
  Execution exec(strategy, {}, /*record_events=*/true);
  exec.run(program);
  return {exec.verdict(), exec.events(), exec.actors()};
}


Assignments tenant(const std::string& slug) {
  return {{"name", slug}, {"slug", slug}, {"status", std::string(model::tenant_status::kProvisioning)}};
}

std::vector<std::string> committed_slugs(Database& db) {
  std::vector<std::string> slugs;
  for (const Row& row : db.committed_rows("tenants")) slugs.push_back(row.text("slug"));
  return slugs;
}

// --- Unique constraint: waits for an uncommitted duplicate -------------------

struct DuplicateRace {
  std::vector<std::string> log;
  std::optional<DbError> b_error;
  std::int64_t b_id = 0;
};

// a inserts "acme" and ends its transaction only once b is parked inserting
// the same slug; `a_commits` picks how a ends.
std::unique_ptr<DbProgram> duplicate_race(DuplicateRace& race, bool a_commits) {
  return std::make_unique<DbProgram>(std::vector<std::pair<std::string, DbProgram::Body>>{
      {"a",
       [&race, a_commits](Execution& exec, Database& db) {
         auto session = db.connect();
         session->insert("tenants", tenant("acme"));
         race.log.push_back("a inserted");
         await(exec, [&] { return has_blocked(exec, "b"); });
         if (a_commits) {
           session->commit();
           race.log.push_back("a committed");
         } else {
           session->rollback();
           race.log.push_back("a rolled back");
         }
       }},
      {"b",
       [&race](Execution& exec, Database& db) {
         await(exec, [&] { return !race.log.empty(); });
         auto session = db.connect();
         try {
           race.b_id = session->insert("tenants", tenant("acme"));
           race.log.push_back("b inserted");
           session->commit();
         } catch (const DbError& error) {
           race.log.push_back("b failed");
           race.b_error = error;
         }
       }},
  });
}

TEST(DbSession, DuplicateInsertWaitsForOpenTransactionThenFailsWhenItCommits) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    DuplicateRace race;
    auto program = duplicate_race(race, /*a_commits=*/true);
    RunResult result = run(*program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(result.blocked("b", "a"));
    // b's insert returns only after a ended, and then with the violation.
    EXPECT_EQ(race.log, (std::vector<std::string>{"a inserted", "a committed", "b failed"}));
    ASSERT_TRUE(race.b_error.has_value());
    EXPECT_EQ(race.b_error->sqlstate(), "23505");
    EXPECT_TRUE(race.b_error->is_integrity_error());
    // Written when read (the search reads few of the refusals it makes), as
    // PostgreSQL writes them.
    EXPECT_STREQ(race.b_error->what(), "duplicate key value violates unique constraint \"tenants_slug_key\"");
    EXPECT_EQ(race.b_error->detail(), "Key (slug)=(acme) already exists.");
    EXPECT_EQ(race.b_error->constraint(), "tenants_slug_key");
    EXPECT_EQ(committed_slugs(program->db()), std::vector<std::string>{"acme"});
  }
}

TEST(DbSession, DuplicateInsertWaitsForOpenTransactionThenProceedsWhenItRollsBack) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    DuplicateRace race;
    auto program = duplicate_race(race, /*a_commits=*/false);
    RunResult result = run(*program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(result.blocked("b", "a"));
    EXPECT_EQ(race.log, (std::vector<std::string>{"a inserted", "a rolled back", "b inserted"}));
    EXPECT_FALSE(race.b_error.has_value());
    auto rows = program->db().committed_rows("tenants");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text("slug"), "acme");
    // nextval() is not rolled back: a's id 1 stays used.
    EXPECT_EQ(rows[0].id(), 2);
    EXPECT_EQ(race.b_id, 2);
  }
}

TEST(DbSession, DuplicateInsertInOwnTransactionFailsAtOnce) {
  std::optional<DbError> error;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        session->insert("tenants", tenant("acme"));
                        try {
                          session->insert("tenants", tenant("acme"));
                        } catch (const DbError& e) {
                          error = e;
                        }
                      }}});
  RunResult result = run(program, 0);
  // A wait on its own transaction would be reported as a deadlock.
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->sqlstate(), "23505");
  EXPECT_NE(std::string(error->what()).find("tenants_slug_key"), std::string::npos);
  for (const Event& event : result.events) EXPECT_FALSE(event.result.starts_with("blocked")) << event.result;
  ASSERT_FALSE(result.events.empty());
  EXPECT_EQ(result.events.back().op, "db.insert");
  EXPECT_TRUE(result.events.back().result.starts_with("error 23505: duplicate key value violates unique "
                                                      "constraint \"tenants_slug_key\""))
      << result.events.back().result;
}

// The structured UPDATE's duplicate leaves the body as a refusal the entry
// point throws: the same 23505, and the row as it was.
TEST(DbSession, UpdateToADuplicateSlugFailsAndLeavesTheRowAsItWas) {
  std::optional<DbError> error;
  std::int64_t affected_after_rollback = -1;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        session->insert("tenants", tenant("acme"));
                        const std::int64_t beta = session->insert("tenants", tenant("beta"));
                        session->commit();
                        try {
                          session->update("tenants", {{"slug", "acme"}}, {{"id", beta}});
                        } catch (const DbError& e) {
                          error = e;
                        }
                        session->rollback();
                        affected_after_rollback = session->update("tenants", {{"slug", "gamma"}}, {{"id", beta}});
                        session->commit();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->sqlstate(), "23505");
  EXPECT_EQ(error->detail(), "Key (slug)=(acme) already exists.");
  EXPECT_EQ(affected_after_rollback, 1);
  std::vector<std::string> slugs;
  for (const auto& row : program.db().committed_rows("tenants")) slugs.push_back(row.text("slug"));
  std::sort(slugs.begin(), slugs.end());
  EXPECT_EQ(slugs, (std::vector<std::string>{"acme", "gamma"}));
}

// try_insert() answers the duplicate key without a throw: the same 23505 as
// insert() throws, and the transaction aborted just the same.
TEST(DbSession, TryInsertAnswersADuplicateAndAbortsTheTransaction) {
  std::optional<model::db::InsertResult> first, duplicate, after_rollback;
  std::optional<DbError> next_statement;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        first = session->try_insert("tenants", tenant("acme"));
                        session->commit();
                        duplicate = session->try_insert("tenants", tenant("acme"));
                        try {
                          session->select("tenants", {});
                        } catch (const DbError& e) {
                          next_statement = e;
                        }
                        session->rollback();
                        after_rollback = session->try_insert("tenants", tenant("beta"));
                        session->commit();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(std::holds_alternative<std::int64_t>(*first));
  ASSERT_TRUE(std::holds_alternative<DbError>(*duplicate));
  EXPECT_EQ(std::get<DbError>(*duplicate).sqlstate(), "23505");
  EXPECT_EQ(std::get<DbError>(*duplicate).detail(), "Key (slug)=(acme) already exists.");
  ASSERT_TRUE(next_statement.has_value());
  EXPECT_EQ(next_statement->sqlstate(), "25P02");
  ASSERT_TRUE(std::holds_alternative<std::int64_t>(*after_rollback));
  EXPECT_GT(std::get<std::int64_t>(*after_rollback), std::get<std::int64_t>(*first));
  EXPECT_EQ(program.db().committed_rows("tenants").size(), 2u);
}

// A missing referenced row is an integrity error too: answered; a missing
// table is not: thrown.
TEST(DbSession, TryInsertAnswersAForeignKeyViolationAndThrowsAMissingTable) {
  std::optional<model::db::InsertResult> orphan;
  std::optional<DbError> missing_table;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        orphan = session->try_insert("memberships", {{"user_id", std::int64_t{999}},
                                                                     {"tenant_id", std::int64_t{999}},
                                                                     {"role", std::string("admin")}});
                        session->rollback();
                        try {
                          session->try_insert("no_such_table", {{"slug", std::string("x")}});
                        } catch (const DbError& e) {
                          missing_table = e;
                        }
                        session->rollback();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(std::holds_alternative<DbError>(*orphan));
  EXPECT_EQ(std::get<DbError>(*orphan).sqlstate(), "23503");
  ASSERT_TRUE(missing_table.has_value());
  EXPECT_EQ(missing_table->sqlstate(), "42P01");
}

TEST(DbSession, DistinctSlugsDoNotWait) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    auto inserter = [](std::string slug) {
      return [slug](Execution&, Database& db) {
        auto session = db.connect();
        session->insert("tenants", tenant(slug));
        session->commit();
      };
    };
    DbProgram program({{"a", inserter("acme")}, {"b", inserter("beta")}});
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_FALSE(result.blocked("a", "b"));
    EXPECT_FALSE(result.blocked("b", "a"));
    EXPECT_EQ(program.db().committed_rows("tenants").size(), 2u);
  }
}

// --- READ COMMITTED visibility ----------------------------------------------

TEST(DbSession, ReadCommittedSeesOthersRowsOnlyAfterTheyCommit) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool inserted = false, b_looked = false, committed = false;
    std::size_t own_view = 99, b_before = 99, b_after = 99, b_all_after = 99;
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->insert("tenants", tenant("acme"));
           own_view = session->select("tenants", {{"slug", "acme"}}).size();
           inserted = true;
           await(exec, [&] { return b_looked; });
           session->commit();
           committed = true;
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           await(exec, [&] { return inserted; });
           b_before = session->select("tenants", {{"slug", "acme"}}).size();
           b_looked = true;
           await(exec, [&] { return committed; });
           // Same transaction, a later statement: READ COMMITTED sees it.
           b_after = session->select("tenants", {{"slug", "acme"}}).size();
           b_all_after = session->select("tenants", {}).size();
           session->commit();
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(own_view, 1u);
    EXPECT_EQ(b_before, 0u);
    EXPECT_EQ(b_after, 1u);
    EXPECT_EQ(b_all_after, 1u);
  }
}

TEST(DbSession, SelectReturnsOwnUncommittedUpdateAndOthersSeeOldVersion) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool updated = false, b_looked = false;
    std::vector<Row> a_view, b_view;
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->insert("tenants", tenant("acme"));
           session->commit();
           session->update("tenants", {{"status", "ready"}}, {{"slug", "acme"}});
           a_view = session->select("tenants", {});
           updated = true;
           await(exec, [&] { return b_looked; });
           session->rollback();
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           await(exec, [&] { return updated; });
           auto session = db.connect();
           b_view = session->select("tenants", {});
           b_looked = true;
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    // One row each: the replaced version must not show up next to the new one.
    ASSERT_EQ(a_view.size(), 1u);
    EXPECT_EQ(a_view[0].text("status"), "ready");
    ASSERT_EQ(b_view.size(), 1u);
    EXPECT_EQ(b_view[0].text("status"), "provisioning");
    EXPECT_EQ(b_view[0].id(), a_view[0].id());
  }
}

// --- Aborted transactions (25P02) --------------------------------------------

TEST(DbSession, StatementsAfterAnErrorFailWith25P02UntilRollback) {
  std::optional<DbError> duplicate, select_error, insert_error, update_error;
  std::size_t rows_after_rollback = 99;
  std::int64_t inserted_after_rollback = 0;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        session->insert("tenants", tenant("acme"));
                        session->commit();
                        try {
                          session->insert("tenants", tenant("acme"));
                        } catch (const DbError& e) {
                          duplicate = e;
                        }
                        try {
                          session->select("tenants", {});
                        } catch (const DbError& e) {
                          select_error = e;
                        }
                        try {
                          session->insert("tenants", tenant("beta"));
                        } catch (const DbError& e) {
                          insert_error = e;
                        }
                        try {
                          session->update("tenants", {{"status", "ready"}}, {});
                        } catch (const DbError& e) {
                          update_error = e;
                        }
                        session->rollback();
                        rows_after_rollback = session->select("tenants", {}).size();
                        inserted_after_rollback = session->insert("tenants", tenant("beta"));
                        session->commit();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(duplicate.has_value());
  EXPECT_EQ(duplicate->sqlstate(), "23505");
  for (const auto* error : {&select_error, &insert_error, &update_error}) {
    ASSERT_TRUE(error->has_value());
    EXPECT_EQ((*error)->sqlstate(), "25P02");
    EXPECT_NE(std::string((*error)->what()).find("current transaction is aborted"), std::string::npos);
  }
  EXPECT_EQ(rows_after_rollback, 1u);
  EXPECT_GT(inserted_after_rollback, 0);
  EXPECT_EQ(committed_slugs(program.db()), (std::vector<std::string>{"acme", "beta"}));
}

TEST(DbSession, CommitOfAbortedTransactionRollsBackWithoutThrowing) {
  bool commit_threw = false;
  std::vector<std::string> slugs_next_txn;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        session->insert("tenants", tenant("beta"));
                        try {
                          session->insert("tenants", tenant("beta"));
                        } catch (const DbError&) {
                        }
                        try {
                          session->commit();
                        } catch (...) {
                          commit_threw = true;
                        }
                        // The transaction ended: the session works again.
                        session->insert("tenants", tenant("gamma"));
                        for (const Row& row : session->select("tenants", {})) {
                          slugs_next_txn.push_back(row.text("slug"));
                        }
                        session->commit();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_FALSE(commit_threw);
  EXPECT_EQ(slugs_next_txn, std::vector<std::string>{"gamma"});
  EXPECT_EQ(committed_slugs(program.db()), std::vector<std::string>{"gamma"});
  bool commit_reported_rollback = false;
  for (const Event& event : result.events) {
    if (event.op == "db.commit" && event.result == "ROLLBACK") commit_reported_rollback = true;
  }
  EXPECT_TRUE(commit_reported_rollback);
}

// --- UPDATE: row locks and EvalPlanQual -------------------------------------

struct UpdateRace {
  std::int64_t b_affected = -1;
  bool b_done = false;
  bool a_ended = false;
  bool b_finished_before_a_ended = false;
};

// a commits a provisioning row, then (in a new transaction) sets it ready and
// ends that transaction once b is parked on the row:
//   b: UPDATE tenants SET status = 'x' WHERE status = 'provisioning'.
std::unique_ptr<DbProgram> update_race(UpdateRace& race, bool a_commits) {
  auto row_ready = std::make_shared<bool>(false);
  return std::make_unique<DbProgram>(std::vector<std::pair<std::string, DbProgram::Body>>{
      {"a",
       [&race, a_commits, row_ready](Execution& exec, Database& db) {
         auto session = db.connect();
         std::int64_t id = session->insert("tenants", tenant("acme"));
         session->commit();
         EXPECT_EQ(session->update("tenants", {{"status", "ready"}}, {{"id", id}}), 1);
         *row_ready = true;
         await(exec, [&] { return has_blocked(exec, "b"); });
         if (a_commits) {
           session->commit();
         } else {
           session->rollback();
         }
         race.a_ended = true;
       }},
      {"b",
       [&race, row_ready](Execution& exec, Database& db) {
         await(exec, [&] { return *row_ready; });
         auto session = db.connect();
         race.b_affected = session->update("tenants", {{"status", "x"}}, {{"status", "provisioning"}});
         race.b_finished_before_a_ended = !race.a_ended;
         session->commit();
         race.b_done = true;
       }},
  });
}

TEST(DbSession, UpdateWaitsForRowLockAndRechecksWhereOnCommittedVersion) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    UpdateRace race;
    auto program = update_race(race, /*a_commits=*/true);
    RunResult result = run(*program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(result.blocked("b", "a"));
    EXPECT_FALSE(race.b_finished_before_a_ended);
    // The new version is 'ready': it no longer matches b's WHERE.
    EXPECT_EQ(race.b_affected, 0);
    auto rows = program->db().committed_rows("tenants");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text("status"), "ready");
  }
}

TEST(DbSession, UpdateWaitsForRowLockAndUpdatesOriginalWhenHolderRollsBack) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    UpdateRace race;
    auto program = update_race(race, /*a_commits=*/false);
    RunResult result = run(*program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(result.blocked("b", "a"));
    EXPECT_FALSE(race.b_finished_before_a_ended);
    EXPECT_EQ(race.b_affected, 1);
    auto rows = program->db().committed_rows("tenants");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text("status"), "x");
  }
}

TEST(DbSession, UpdateAfterCommittedConcurrentUpdateStillMatchingAppliesToNewVersion) {
  // a changes the name, which keeps b's WHERE true: b updates a's version,
  // so both changes survive (no lost update).
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool locked = false;
    std::int64_t b_affected = -1;
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->insert("tenants", tenant("acme"));
           session->commit();
           session->update("tenants", {{"name", "Acme Inc"}}, {{"slug", "acme"}});
           locked = true;
           await(exec, [&] { return has_blocked(exec, "b"); });
           session->commit();
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           await(exec, [&] { return locked; });
           auto session = db.connect();
           b_affected = session->update("tenants", {{"status", "ready"}}, {{"status", "provisioning"}});
           session->commit();
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(b_affected, 1);
    auto rows = program.db().committed_rows("tenants");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text("name"), "Acme Inc");
    EXPECT_EQ(rows[0].text("status"), "ready");
  }
}

// --- Disconnect ---------------------------------------------------------------

TEST(DbSession, DestroyedSessionRollsBackAndReleasesWaitingInserter) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool inserted = false;
    std::optional<std::int64_t> b_id;
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->insert("tenants", tenant("acme"));
           inserted = true;
           await(exec, [&] { return has_blocked(exec, "b"); });
           session.reset();  // disconnect without commit
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           await(exec, [&] { return inserted; });
           auto session = db.connect();
           b_id = session->insert("tenants", tenant("acme"));
           session->commit();
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(result.blocked("b", "a"));
    ASSERT_TRUE(b_id.has_value());
    auto rows = program.db().committed_rows("tenants");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].id(), *b_id);
  }
}

TEST(DbSession, SessionEndingWithItsActorRollsBack) {
  DbProgram program({{"a", [](Execution&, Database& db) {
                        auto session = db.connect();
                        session->insert("tenants", tenant("acme"));
                        // The actor returns with the transaction open.
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_TRUE(program.db().committed_rows("tenants").empty());
}

// --- Deadlock ---------------------------------------------------------------

TEST(DbSession, CrossedUniqueWaitsEndWithTheFirstWaiterAsDeadlockVictim) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool a_has_x = false, b_has_y = false;
    std::string a_error, b_error, victim_detail;
    // Inserts the second key; a 40P01 aborts the transaction, the other commits.
    auto second_insert = [&victim_detail](Session& session, const std::string& slug, std::string& error) {
      try {
        session.insert("tenants", tenant(slug));
        session.commit();
      } catch (const DbError& failure) {
        error = failure.sqlstate();
        victim_detail = failure.detail();
        session.rollback();
      }
    };
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->insert("tenants", tenant("x"));
           a_has_x = true;
           await(exec, [&] { return b_has_y; });
           second_insert(*session, "y", a_error);  // waits for b
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           await(exec, [&] { return a_has_x; });
           session->insert("tenants", tenant("y"));
           b_has_y = true;
           second_insert(*session, "x", b_error);  // waits for a
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(result.blocked("a", "b"));
    EXPECT_TRUE(result.blocked("b", "a"));
    // PostgreSQL's deadlock check runs deadlock_timeout (1 s) into a wait:
    // the session that began waiting first finds the cycle and fails.
    std::string first_waiter;
    for (const Event& event : result.events) {
      if (first_waiter.empty() && event.result.starts_with("blocked")) first_waiter = result.actors.at(event.actor).name;
    }
    EXPECT_EQ(first_waiter == "a" ? a_error : b_error, "40P01");
    EXPECT_EQ(first_waiter == "a" ? b_error : a_error, "");
    // What the victim waited for is written only now, from its wait's parts.
    const std::string other = first_waiter == "a" ? "b" : "a";
    EXPECT_EQ(victim_detail, fmt::format("{0} waits for {1} (transaction of {1} on tenants), which waits for {0}.",
                                         first_waiter, other));
    EXPECT_GE(result.events.back().time_ms, model::db::kDeadlockTimeoutMs);
    // The survivor committed both of its keys.
    std::vector<std::string> slugs = committed_slugs(program.db());
    std::sort(slugs.begin(), slugs.end());
    EXPECT_EQ(slugs, (std::vector<std::string>{"x", "y"}));
  }
}

// --- Virtual time: lock_timeout and the deadlock check ---------------------

// The server's clock is the harness's virtual clock: a lock_timeout of 250 ms
// cancels the wait exactly 250 virtual ms after it began, in every schedule.
TEST(DbSession, LockTimeoutCancelsTheWaitAtItsVirtualDeadline) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool a_locked = false;
    std::string sqlstate;
    std::int64_t waited_from = -1, failed_at = -1;
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->advisory_xact_lock(7);
           a_locked = true;
           exec.sleep_for(10'000);  // holds the lock long past b's timeout
           session->commit();
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           await(exec, [&] { return a_locked; });
           session->set_lock_timeout(250);
           waited_from = exec.now_ms();
           try {
             session->advisory_xact_lock(7);
           } catch (const DbError& error) {
             sqlstate = error.sqlstate();
             failed_at = exec.now_ms();
           }
           session->rollback();
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(sqlstate, "55P03");
    EXPECT_EQ(failed_at - waited_from, 250);
  }
}

// A wait that outlasts deadlock_timeout without a cycle is not cut short.
TEST(DbSession, DeadlockCheckWithoutACycleLetsTheWaitGoOn) {
  std::string sqlstate;
  std::int64_t locked_at = -1;
  bool a_locked = false;
  DbProgram program({
      {"a",
       [&](Execution& exec, Database& db) {
         auto session = db.connect();
         session->advisory_xact_lock(7);
         a_locked = true;
         exec.sleep_for(5'000);
         session->commit();
       }},
      {"b",
       [&](Execution& exec, Database& db) {
         auto session = db.connect();
         await(exec, [&] { return a_locked; });
         try {
           session->advisory_xact_lock(7);
           locked_at = exec.now_ms();
         } catch (const DbError& error) {
           sqlstate = error.sqlstate();
         }
         session->commit();
       }},
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(sqlstate, "");
  EXPECT_EQ(locked_at, 5'000);
}

// --- committed_rows ---------------------------------------------------------

TEST(DbSession, CommittedRowsHoldsOnlyCommittedLiveVersions) {
  std::vector<std::string> mid_slugs, mid_statuses;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        session->insert("tenants", tenant("one"));
                        session->insert("tenants", tenant("gone"));
                        session->commit();
                        session->insert("tenants", tenant("two"));
                        session->update("tenants", {{"status", "ready"}}, {{"slug", "one"}});
                        // Uncommitted insert and update: not yet there.
                        for (const Row& row : db.committed_rows("tenants")) {
                          mid_slugs.push_back(row.text("slug"));
                          mid_statuses.push_back(row.text("status"));
                        }
                        session->commit();
                        session->update("tenants", {{"slug", "renamed"}}, {{"slug", "gone"}});
                        session->insert("tenants", tenant("rolled-back"));
                        session->rollback();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(mid_slugs, (std::vector<std::string>{"one", "gone"}));
  EXPECT_EQ(mid_statuses, (std::vector<std::string>{"provisioning", "provisioning"}));
  auto rows = program.db().committed_rows("tenants");
  std::vector<std::string> slugs;
  for (const Row& row : rows) slugs.push_back(row.text("slug") + "/" + row.text("status"));
  std::sort(slugs.begin(), slugs.end());
  // One version per row: the replaced version of "one" is gone.
  EXPECT_EQ(slugs, (std::vector<std::string>{"gone/provisioning", "one/ready", "two/provisioning"}));
}

TEST(DbSession, CommittedRowsOfUnknownTableIsEmpty) {
  DbProgram program({});
  VectorStrategy strategy({});
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, false);
  exec.run(program);
  EXPECT_TRUE(program.db().committed_rows("nope").empty());
}

// --- Errors abort the transaction; UPDATE locks before its unique check -------

// PostgreSQL aborts the transaction on any error, 42P01 included.
TEST(DbSession, UnknownTableErrorAbortsTransaction) {
  std::optional<DbError> first, second;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        try {
                          session->select("nope", {});
                        } catch (const DbError& e) {
                          first = e;
                        }
                        try {
                          session->insert("tenants", tenant("acme"));
                        } catch (const DbError& e) {
                          second = e;
                        }
                        session->commit();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->sqlstate(), "42P01");
  ASSERT_TRUE(second.has_value()) << "the insert after the error succeeded";
  EXPECT_EQ(second->sqlstate(), "25P02");
  EXPECT_TRUE(program.db().committed_rows("tenants").empty());
}

// An unknown column is PostgreSQL's 42703, not a crash, and aborts the
// transaction like any other error.
TEST(DbSession, UnknownColumnIs42703AndAbortsTransaction) {
  std::optional<DbError> first, second;
  DbProgram program({{"a", [&](Execution&, Database& db) {
                        auto session = db.connect();
                        try {
                          session->select("tenants", {{"colour", std::string("red")}});
                        } catch (const DbError& e) {
                          first = e;
                        }
                        try {
                          session->insert("tenants", tenant("acme"));
                        } catch (const DbError& e) {
                          second = e;
                        }
                        session->commit();
                      }}});
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->sqlstate(), "42703");
  EXPECT_NE(std::string(first->what()).find("colour"), std::string::npos) << first->what();
  ASSERT_TRUE(second.has_value()) << "the insert after the error succeeded";
  EXPECT_EQ(second->sqlstate(), "25P02");
  EXPECT_TRUE(program.db().committed_rows("tenants").empty());
}

// PostgreSQL's UPDATE locks the row (sets xmax) before it checks the unique
// index, so while b waits on a's duplicate key, c's UPDATE of the same row
// must wait for b; afterwards the row has exactly one live version.
TEST(DbSession, UpdateWaitingOnUniqueKeyHoldsItsRowLock) {
  for (std::uint64_t schedule = 0; schedule < kSessionSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool setup_done = false, a_holds_beta = false, c_done = false;
    std::int64_t b_affected = -1, c_affected = -1;
    DbProgram program({
        {"a",
         [&](Execution& exec, Database& db) {
           auto session = db.connect();
           session->insert("tenants", tenant("alpha"));
           session->commit();
           setup_done = true;
           session->insert("tenants", tenant("beta"));
           a_holds_beta = true;
           await(exec, [&] { return has_blocked(exec, "b"); });
           // Let c either finish (model) or park behind b (PostgreSQL).
           await(exec, [&] { return c_done || has_blocked(exec, "c"); });
           session->rollback();
         }},
        {"b",
         [&](Execution& exec, Database& db) {
           await(exec, [&] { return setup_done && a_holds_beta; });
           auto session = db.connect();
           b_affected = session->update("tenants", {{"slug", "beta"}}, {{"slug", "alpha"}});
           session->commit();
         }},
        {"c",
         [&](Execution& exec, Database& db) {
           await(exec, [&] { return has_blocked(exec, "b"); });
           auto session = db.connect();
           c_affected = session->update("tenants", {{"status", "ready"}}, {{"name", "alpha"}});
           session->commit();
           c_done = true;
         }},
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(b_affected, 1);
    EXPECT_EQ(c_affected, 1);
    EXPECT_TRUE(result.blocked("c", "b")) << "c updated a row b had already claimed";
    auto rows = program.db().committed_rows("tenants");
    std::vector<std::string> versions;
    for (const Row& row : rows) versions.push_back(row.text("slug") + "/" + row.text("status"));
    EXPECT_EQ(versions, std::vector<std::string>{"beta/ready"});
    if (HasFailure()) break;  // one schedule shows it; the rest would repeat it
  }
}

}  // namespace
}  // namespace interleave
