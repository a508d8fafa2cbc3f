// The model runner (app/isolation/model_connections.h) with a small
// stand-in for the SQL front-end over the structured db port, so that
// what it owns is tested alone: sessions as actors, waits seen as
// isolationtester sees them, virtual time passing only while the tester
// waits (lock_timeout, the deadlock check), notices, 0A000 counted.

#include <string>

#include <gtest/gtest.h>

#include "app/isolation/model_connections.h"
#include "app/isolation/spec_reader.h"
#include "model/db/error.h"

namespace interleave::app::isolation {
namespace {

using model::db::ColumnType;
using model::db::SqlResult;
using model::db::Value;

SqlResult one_value(const std::string& column, ColumnType type, Value value) {
  SqlResult result;
  result.returns_rows = true;
  result.columns = {{column, type}};
  result.rows = {{std::move(value)}};
  return result;
}

// "lock N", "try N", "timeout MS", "notice TEXT", "COMMIT", "ROLLBACK",
// "BEGIN", "unsupported".
SqlResult stand_in(model::db::Session& session, const std::string& sql) {
  const std::string text = sql.substr(sql.find_first_not_of(" \n"));
  if (text.starts_with("lock ")) {
    session.advisory_xact_lock(std::stoll(text.substr(5)));
    return one_value("pg_advisory_xact_lock", ColumnType::kText, Value{std::string()});
  }
  if (text.starts_with("try ")) {
    const bool got = session.try_advisory_xact_lock(std::stoll(text.substr(4)));
    return one_value("pg_try_advisory_xact_lock", ColumnType::kBoolean, Value{std::int64_t{got ? 1 : 0}});
  }
  if (text.starts_with("timeout ")) {
    session.set_lock_timeout(std::stoll(text.substr(8)));
    return {};
  }
  if (text.starts_with("notice ")) {
    SqlResult result;
    result.notices = {text.substr(7)};
    return result;
  }
  if (text == "COMMIT") {
    session.commit();
  } else if (text == "ROLLBACK") {
    session.rollback();
  } else if (text != "BEGIN") {
    throw model::db::DbError("0A000", "SQL feature not supported by the model: " + text + " at character 1");
  }
  return {};
}

ModelRun run(const std::string& spec) { return run_spec_on_model(read_spec(spec).spec, stand_in); }

TEST(IsolationModelRunner, ALockTimeoutFiresWhileTheTesterWaitsForTheSessionsNextStep) {
  const ModelRun result = run(
      "session s1\nstep s1l { lock 1 }\nstep s1c { COMMIT }\n"
      "session s2\nsetup { timeout 200 }\nstep s2l { lock 1 }\nstep s2t { ROLLBACK; try 1 }\n"
      "permutation s1l s2l s2t s1c\n");
  EXPECT_EQ(result.out,
            "Parsed test spec with 2 sessions\n"
            "\n"
            "starting permutation: s1l s2l s2t s1c\n"
            "step s1l: lock 1\n"
            "pg_advisory_xact_lock\n---------------------\n                     \n(1 row)\n\n"
            "step s2l: lock 1 <waiting ...>\n"
            "step s2l: <... completed>\n"
            "ERROR:  canceling statement due to lock timeout\n"
            "step s2t: ROLLBACK; try 1\n"
            "pg_try_advisory_xact_lock\n-------------------------\nf                        \n(1 row)\n\n"
            "step s1c: COMMIT\n");
  EXPECT_TRUE(result.completed) << result.err;
  EXPECT_EQ(result.permutations, 1u);
}

TEST(IsolationModelRunner, ADeadlockIsBrokenByTheCheckOfTheFirstWaiter) {
  const ModelRun result = run(
      "session s1\nstep s1a { lock 1 }\nstep s1b { lock 2 }\nstep s1c { COMMIT }\n"
      "session s2\nstep s2a { lock 2 }\nstep s2b { lock 1 }\nstep s2c { COMMIT }\n"
      "permutation s1a s2a s1b s2b s1c s2c\n");
  const std::string lock_table = "pg_advisory_xact_lock\n---------------------\n                     \n(1 row)\n\n";
  EXPECT_EQ(result.out,
            "Parsed test spec with 2 sessions\n"
            "\n"
            "starting permutation: s1a s2a s1b s2b s1c s2c\n"
            "step s1a: lock 1\n" + lock_table +
            "step s2a: lock 2\n" + lock_table +
            "step s1b: lock 2 <waiting ...>\n"
            "step s2b: lock 1 <waiting ...>\n"
            "step s1b: <... completed>\n"
            "ERROR:  deadlock detected\n"
            "step s2b: <... completed>\n" + lock_table +
            "step s1c: COMMIT\n"
            "step s2c: COMMIT\n");
  EXPECT_TRUE(result.completed) << result.err;
}

TEST(IsolationModelRunner, NoticesPrintWithTheSessionAndUnsupportedStatementsAreCounted) {
  const ModelRun result = run("session s1\nstep a { notice hello }\nstep b { MERGE; COMMIT }\n");
  EXPECT_EQ(result.out,
            "Parsed test spec with 1 sessions\n"
            "\n"
            "starting permutation: a b\n"
            "s1: NOTICE:  hello\n"
            "step a: notice hello\n"
            "step b: MERGE; COMMIT\n"
            "ERROR:  SQL feature not supported by the model: MERGE at character 1\n");
  EXPECT_EQ(result.unsupported_steps, 1u);
}

// s2a waits for s1's lock and s1c comes after s2c: isolationtester waits on
// s2a until its step timeout, then cancels it (PQcancel); the lock wait
// ends with 57014 and s2's transaction is aborted, so s2 holds no lock.
TEST(IsolationModelRunner, AStepTheTesterWaitsOnTooLongIsCancelled) {
  const std::string spec =
      "session s1\nstep s1a { lock 1 }\nstep s1c { COMMIT }\n"
      "session s2\nstep s2a { lock 1 }\nstep s2c { COMMIT }\n"
      "session s3\nstep s3t { try 1 }\n"
      "permutation s1a s2a s2c s1c s3t\n";
  const ModelRun result = run_spec_on_model(read_spec(spec).spec, stand_in, 2000);
  EXPECT_TRUE(result.completed) << result.err;
  EXPECT_NE(result.out.find("step s2a: lock 1 <waiting ...>\n"
                            "isolationtester: canceling step s2a after 2 seconds\n"
                            "step s2a: <... completed>\n"
                            "ERROR:  canceling statement due to user request\n"
                            "step s2c: COMMIT\n"
                            "step s1c: COMMIT\n"
                            "step s3t: try 1\n"),
            std::string::npos)
      << result.out;
  // Nobody holds lock 1 any more: s3 gets it.
  EXPECT_NE(result.out.find("step s3t: try 1\npg_try_advisory_xact_lock\n-------------------------\nt "),
            std::string::npos)
      << result.out;
  // Without PGISOLATIONTIMEOUT, isolationtester's own 300 s.
  EXPECT_NE(run(spec).out.find("canceling step s2a after 300 seconds"), std::string::npos);
}

TEST(IsolationModelRunner, TheSameSpecPrintsTheSameBytes) {
  const std::string spec =
      "session s1\nstep s1a { try 1 }\nstep s1c { COMMIT }\n"
      "session s2\nstep s2a { try 1 }\nstep s2c { COMMIT }\n";
  const ModelRun first = run(spec);
  EXPECT_TRUE(first.completed) << first.err;
  EXPECT_EQ(first.permutations, 6u);
  EXPECT_EQ(run(spec).out, first.out);
}

}  // namespace
}  // namespace interleave::app::isolation
