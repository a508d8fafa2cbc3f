// The libpqxx backend of the db port against a real server (pg_virtualenv in
// scripts/test). Each test works in its own PgDatabase, which drops itself.

#include "backends/pg/pg_session.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <pqxx/pqxx>

#include "backends/pg/ddl.h"
#include "backends/pg/pg_database.h"
#include "backends/pg/pg_errors.h"
#include "model/db/error.h"
#include "model/db/session.h"
#include "model/db/table.h"

// libpqxx 6.4 leaks the PGresult of a statement whose connection is lost:
// connection_base::exec_params asks for the client encoding, which throws
// broken_connection, before the result takes ownership of it. The tests of a
// lost connection hit that on purpose; LeakSanitizer reads this hook.
extern "C" const char* __lsan_default_suppressions() { return "leak:pqxx::connection_base::exec_params\n"; }

namespace interleave {
namespace {

using impl::pg::PgDatabase;
using impl::pg::PgSession;
using model::db::ColumnType;
using model::db::DbError;
using model::db::Row;
using model::db::RowLock;
using model::db::TableDef;
using model::db::TableName;
using model::db::Value;

const TableDef kAccounts{
    .name = "accounts",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"slug", ColumnType::kText, true},
                {"balance", ColumnType::kBigInt},
                {"config", ColumnType::kJson}},
    .uniques = {{.name = "accounts_slug_key", .columns = {1}}},
};

const TableDef kMemberships{
    .name = "memberships",
    .columns = {{"id", ColumnType::kBigInt, true}, {"account_id", ColumnType::kBigInt, true}, {"role", ColumnType::kText}},
    .foreign_keys = {{.name = "memberships_account_id_fkey", .column = 1, .referenced_table = "accounts"}},
};

const TableDef* const kTables[] = {&kAccounts, &kMemberships};

// Every identifier an attacker could choose, in one table.
const TableDef kHostile{
    .name = "t\"able; DROP TABLE accounts; --",
    .columns = {{"id", ColumnType::kBigInt, true}, {"co\"l.umn", ColumnType::kText}, {"zählung", ColumnType::kBigInt}},
    .uniques = {{.name = "uq\"; --", .columns = {1, 2}}},
};

constexpr const char* kHostileSchema = "x\"; DROP SCHEMA public CASCADE; --";

// The DbError `statement` throws; a test failure when it throws none.
DbError db_error_of(const std::function<void()>& statement) {
  try {
    statement();
  } catch (const DbError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a DbError";
  return DbError("", "");
}

// A plain connection to the server's own database (the PG* environment),
// outside any PgDatabase: how a bystander sees the server.
template <typename... Parameters>
std::int64_t count_on_server(const std::string& sql, const Parameters&... parameters) {
  pqxx::connection connection;
  pqxx::nontransaction bystander(connection);
  return bystander.exec_params1(sql, parameters...)[0].template as<std::int64_t>();
}

bool database_exists(const std::string& name) {
  return count_on_server("SELECT count(*) FROM pg_database WHERE datname = $1", name) == 1;
}

std::int64_t databases_of_this_process() {
  return count_on_server("SELECT count(*) FROM pg_database WHERE starts_with(datname, $1)",
                         "interleave_" + std::to_string(::getpid()) + "_");
}

std::vector<std::string> slugs(const std::vector<Row>& rows) {
  std::vector<std::string> result;
  for (const Row& row : rows) result.push_back(row.text("slug"));
  return result;
}

// A fresh database with kTables and one session on it.
class PgSessionTest : public ::testing::Test {
 protected:
  PgDatabase database{"", kTables};
  std::unique_ptr<PgSession> session = database.connect();
};

TEST_F(PgSessionTest, InsertSelectUpdateRemoveRoundTrip) {
  const std::int64_t acme = session->insert(
      "accounts", {{"slug", std::string("acme")}, {"balance", std::int64_t{-5}}, {"config", std::string(R"({"b": 1,  "a": [1, 2]})")}});
  const std::int64_t globex = session->insert("accounts", {{"slug", std::string("globex")}, {"balance", std::monostate{}}});
  EXPECT_LT(acme, globex);
  session->commit();

  auto rows = session->select("accounts", {});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].table, &kAccounts);
  EXPECT_EQ(rows[0].id(), acme);
  EXPECT_EQ(rows[0]["balance"], Value(std::int64_t{-5}));
  EXPECT_EQ(rows[0]["config"], Value(std::string(R"({"a":[1,2],"b":1})")));
  EXPECT_EQ(rows[1]["balance"], Value(std::monostate{}));
  EXPECT_EQ(rows[1]["config"], Value(std::monostate{}));

  EXPECT_EQ(session->update("accounts", {{"balance", std::int64_t{10}}, {"config", std::string("[3,  {}]")}},
                            {{"slug", std::string("globex")}}),
            1);
  rows = session->select("accounts", {{"id", globex}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["balance"], Value(std::int64_t{10}));
  EXPECT_EQ(rows[0]["config"], Value(std::string("[3,{}]")));
  // SQL: NULL = NULL is not true.
  EXPECT_TRUE(session->select("accounts", {{"config", std::monostate{}}}).empty());

  EXPECT_EQ(session->remove("accounts", {{"slug", std::string("acme")}}), 1);
  EXPECT_EQ(session->remove("accounts", {{"slug", std::string("acme")}}), 0);
  session->commit();
  EXPECT_EQ(slugs(database.connect()->select("accounts", {})), std::vector<std::string>{"globex"});
}

TEST_F(PgSessionTest, AddQueuesInsertsUntilFlush) {
  session->add("accounts", {{"slug", std::string("a")}});
  session->add("accounts", {{"slug", std::string("b")}});
  EXPECT_TRUE(database.connect()->select("accounts", {}).empty());
  const std::vector<std::int64_t> ids = session->flush();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_EQ(session->select("accounts", {}).size(), 2u);
  EXPECT_TRUE(database.connect()->select("accounts", {}).empty()) << "flushed rows are visible before commit";
  session->commit();
  EXPECT_EQ(database.connect()->select("accounts", {}).size(), 2u);
}

TEST_F(PgSessionTest, DuplicateKeyIs23505WithPostgresMessage) {
  session->insert("accounts", {{"slug", std::string("acme")}});
  const DbError error = db_error_of([&] { session->insert("accounts", {{"slug", std::string("acme")}}); });
  EXPECT_TRUE(error.is_unique_violation());
  EXPECT_TRUE(error.is_integrity_error());
  EXPECT_STREQ(error.what(), "duplicate key value violates unique constraint \"accounts_slug_key\"");
  EXPECT_EQ(error.detail(), "Key (slug)=(acme) already exists.");
}

// The port's default try_insert(): the server's integrity errors come back
// as the answer, anything else is still thrown.
TEST_F(PgSessionTest, TryInsertAnswersIntegrityErrorsAndThrowsTheRest) {
  const model::db::InsertResult first = session->try_insert("accounts", {{"slug", std::string("acme")}});
  ASSERT_TRUE(std::holds_alternative<std::int64_t>(first));
  const model::db::InsertResult duplicate = session->try_insert("accounts", {{"slug", std::string("acme")}});
  ASSERT_TRUE(std::holds_alternative<DbError>(duplicate));
  EXPECT_TRUE(std::get<DbError>(duplicate).is_unique_violation());
  EXPECT_EQ(std::get<DbError>(duplicate).detail(), "Key (slug)=(acme) already exists.");
  session->rollback();
  const model::db::InsertResult orphan = session->try_insert("memberships", {{"account_id", std::int64_t{999}}});
  ASSERT_TRUE(std::holds_alternative<DbError>(orphan));
  EXPECT_TRUE(std::get<DbError>(orphan).is_foreign_key_violation());
  session->rollback();
  EXPECT_EQ(db_error_of([&] { session->try_insert("tenants", {{"slug", std::string("x")}}); }).sqlstate(),
            model::db::sqlstate::kUndefinedTable);
}

TEST_F(PgSessionTest, MissingReferencedRowIs23503WithPostgresMessage) {
  const DbError error = db_error_of([&] { session->insert("memberships", {{"account_id", std::int64_t{999}}}); });
  EXPECT_TRUE(error.is_foreign_key_violation());
  EXPECT_STREQ(error.what(),
               "insert or update on table \"memberships\" violates foreign key constraint "
               "\"memberships_account_id_fkey\"");
  EXPECT_EQ(error.detail(), "Key (account_id)=(999) is not present in table \"accounts\".");
}

TEST_F(PgSessionTest, NullInNotNullColumnIs23502) {
  const DbError error = db_error_of([&] { session->insert("accounts", {{"slug", std::monostate{}}}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kNotNullViolation);
  EXPECT_STREQ(error.what(), "null value in column \"slug\" of relation \"accounts\" violates not-null constraint");
}

TEST_F(PgSessionTest, StatementsAfterAnErrorFailWith25P02UntilRollback) {
  session->insert("accounts", {{"slug", std::string("acme")}});
  db_error_of([&] { session->insert("accounts", {{"slug", std::string("acme")}}); });
  const DbError error = db_error_of([&] { session->select("accounts", {}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kInFailedTransaction);
  EXPECT_STREQ(error.what(), "current transaction is aborted, commands ignored until end of transaction block");
  EXPECT_EQ(db_error_of([&] { session->advisory_xact_lock(1); }).sqlstate(), "25P02");
  session->rollback();
  EXPECT_TRUE(session->select("accounts", {}).empty());
}

TEST_F(PgSessionTest, CommitOfAnAbortedTransactionRollsItBackWithoutError) {
  session->insert("accounts", {{"slug", std::string("acme")}});
  db_error_of([&] { session->insert("accounts", {{"slug", std::string("acme")}}); });
  EXPECT_NO_THROW(session->commit());
  EXPECT_TRUE(database.connect()->select("accounts", {}).empty());
  EXPECT_TRUE(session->select("accounts", {}).empty()) << "the next statement begins a new transaction";
}

TEST_F(PgSessionTest, CommitAndRollbackWithoutTransactionDoNothing) {
  EXPECT_NO_THROW(session->rollback());
  EXPECT_NO_THROW(session->commit());
  EXPECT_NO_THROW(session->rollback());
}

TEST_F(PgSessionTest, RollbackToSavepointRecoversTheTransaction) {
  session->insert("accounts", {{"slug", std::string("acme")}});
  session->savepoint("before \"retry\"");
  db_error_of([&] { session->insert("accounts", {{"slug", std::string("acme")}}); });
  session->rollback_to_savepoint("before \"retry\"");
  session->insert("accounts", {{"slug", std::string("globex")}});
  session->release_savepoint("before \"retry\"");
  session->commit();
  EXPECT_EQ(slugs(database.connect()->select("accounts", {})), (std::vector<std::string>{"acme", "globex"}));
}

TEST_F(PgSessionTest, UnknownSavepointIs3B001) {
  const DbError error = db_error_of([&] { session->rollback_to_savepoint("nowhere"); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kInvalidSavepoint);
  EXPECT_STREQ(error.what(), "savepoint \"nowhere\" does not exist");
}

TEST_F(PgSessionTest, SearchPathFindsUnqualifiedTablesOfACreatedSchema) {
  session->create_schema("tenant_1");
  session->create_table("tenant_1", kAccounts);
  session->commit();

  session->set_search_path({"tenant_1"});
  session->insert("accounts", {{"slug", std::string("in-tenant")}});
  session->commit();
  EXPECT_EQ(slugs(session->select({"tenant_1", "accounts"}, {})), std::vector<std::string>{"in-tenant"});
  EXPECT_TRUE(session->select({"public", "accounts"}, {}).empty());
}

TEST_F(PgSessionTest, SetIsUndoneByRollback) {
  session->create_schema("tenant_1");
  session->create_table("tenant_1", kAccounts);
  session->insert({"tenant_1", "accounts"}, {{"slug", std::string("in-tenant")}});
  session->commit();

  session->set_search_path({"tenant_1"});
  session->rollback();
  EXPECT_TRUE(session->select("accounts", {}).empty()) << "the rollback restored search_path to public";
}

TEST_F(PgSessionTest, EmptySearchPathFindsNoTable) {
  session->set_search_path({});
  const DbError error = db_error_of([&] { session->select("accounts", {}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kUndefinedTable);
  session->rollback();
  session->set_search_path({});
  EXPECT_EQ(db_error_of([&] { session->create_table("", kAccounts); }).sqlstate(),
            model::db::sqlstate::kInvalidSchemaName);
}

TEST_F(PgSessionTest, CreateTableWithoutSchemaUsesSearchPathForTableAndReferences) {
  session->create_schema("tenant_1");
  session->set_search_path({"tenant_1"});
  session->create_table("", kAccounts);
  session->create_table("", kMemberships);
  const std::int64_t account = session->insert("accounts", {{"slug", std::string("acme")}});
  session->insert("memberships", {{"account_id", account}});
  session->commit();
  EXPECT_EQ(session->select({"tenant_1", "memberships"}, {}).size(), 1u);
  EXPECT_TRUE(session->select({"public", "memberships"}, {}).empty());
}

TEST_F(PgSessionTest, QualifiedTableOfAMissingSchemaIs42P01ButCreatingInItIs3F000) {
  DbError error = db_error_of([&] { session->select({"nosuch", "accounts"}, {}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kUndefinedTable);
  EXPECT_STREQ(error.what(), "relation \"nosuch.accounts\" does not exist");
  session->rollback();

  error = db_error_of([&] { session->insert({"nosuch", "accounts"}, {{"slug", std::string("a")}}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kUndefinedTable);
  session->rollback();

  error = db_error_of([&] { session->create_table("nosuch", kAccounts); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kInvalidSchemaName);
  EXPECT_STREQ(error.what(), "schema \"nosuch\" does not exist");
}

TEST_F(PgSessionTest, MissingTableIs42P01) {
  const DbError error = db_error_of([&] { session->select("tenants", {}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kUndefinedTable);
  EXPECT_STREQ(error.what(), "relation \"tenants\" does not exist");
  EXPECT_EQ(error.detail(), "");
}

TEST_F(PgSessionTest, UnknownColumnIs42703) {
  const DbError error = db_error_of([&] { session->select("accounts", {{"colour", std::string("red")}}); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kUndefinedColumn);
  EXPECT_STREQ(error.what(), "column \"colour\" does not exist");
}

TEST_F(PgSessionTest, DdlBeginsATransactionThatRollbackUndoes) {
  session->create_schema("tenant_1");
  session->create_table("tenant_1", kAccounts);
  session->rollback();
  EXPECT_EQ(db_error_of([&] { session->select({"tenant_1", "accounts"}, {}); }).sqlstate(),
            model::db::sqlstate::kUndefinedTable);
}

TEST_F(PgSessionTest, TableWithoutTableDefIsAProgrammingError) {
  {
    pqxx::connection outside(database.conninfo());
    pqxx::nontransaction(outside).exec0("CREATE TABLE stray (id bigserial PRIMARY KEY)");
  }
  EXPECT_THROW(session->select("stray", {}), std::logic_error);
}

TEST_F(PgSessionTest, ATableNameHasOneTableDef) {
  const TableDef other_accounts{.name = "accounts", .columns = {{"id", ColumnType::kBigInt, true}}};
  session->create_schema("tenant_1");
  session->create_table("tenant_1", kAccounts);
  EXPECT_THROW(session->create_table("tenant_1", other_accounts), std::logic_error);
}

TEST_F(PgSessionTest, DropSchemaWithTablesNeedsCascade) {
  session->create_schema("tenant_1");
  session->create_table("tenant_1", kAccounts);
  session->commit();
  EXPECT_EQ(db_error_of([&] { session->drop_schema("tenant_1", false); }).sqlstate(),
            model::db::sqlstate::kDependentObjectsStillExist);
  session->rollback();
  session->drop_schema("tenant_1", true);
  session->drop_schema("tenant_1", true, true);
  session->commit();
  EXPECT_EQ(db_error_of([&] { session->drop_schema("tenant_1", true); }).sqlstate(),
            model::db::sqlstate::kInvalidSchemaName);
}

TEST_F(PgSessionTest, TryAdvisoryLockFailsWhileAnotherTransactionHoldsIt) {
  auto other = database.connect();
  EXPECT_TRUE(session->try_advisory_xact_lock(7));
  EXPECT_FALSE(other->try_advisory_xact_lock(7));
  session->commit();
  EXPECT_TRUE(other->try_advisory_xact_lock(7));
  other->rollback();
  session->advisory_xact_lock(7);
  EXPECT_FALSE(other->try_advisory_xact_lock(7));
}

TEST_F(PgSessionTest, SessionAdvisoryLockSurvivesCommit) {
  auto other = database.connect();
  session->advisory_lock(-9);
  session->commit();
  EXPECT_FALSE(other->try_advisory_xact_lock(-9));
  other->rollback();
  EXPECT_TRUE(session->advisory_unlock(-9));
  EXPECT_FALSE(session->advisory_unlock(-9));
  session->commit();
  EXPECT_TRUE(other->try_advisory_xact_lock(-9));
}

TEST_F(PgSessionTest, EveryRowLockClauseIsAccepted) {
  session->insert("accounts", {{"slug", std::string("acme")}});
  for (RowLock lock :
       {RowLock::kNone, RowLock::kForKeyShare, RowLock::kForShare, RowLock::kForNoKeyUpdate, RowLock::kForUpdate}) {
    EXPECT_EQ(session->select("accounts", {{"slug", std::string("acme")}}, lock).size(), 1u);
  }
}

TEST_F(PgSessionTest, HostileIdentifiersAndValuesAreHarmless) {
  session->insert("accounts", {{"slug", std::string("survivor")}});
  session->create_schema(kHostileSchema);
  session->create_table(kHostileSchema, kHostile);
  session->savepoint("sp\"; ROLLBACK; --");
  const std::string value = "O'Brien\"; DROP TABLE accounts; -- $1 \\";
  const TableName hostile{kHostileSchema, kHostile.name};
  session->insert(hostile, {{"co\"l.umn", value}, {"zählung", std::int64_t{1}}});
  session->release_savepoint("sp\"; ROLLBACK; --");
  session->commit();

  session->set_search_path({kHostileSchema, "ü.schéma"});
  const auto rows = session->select(std::string_view(kHostile.name), {{"co\"l.umn", value}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text("co\"l.umn"), value);
  const DbError duplicate =
      db_error_of([&] { session->insert(hostile, {{"co\"l.umn", value}, {"zählung", std::int64_t{1}}}); });
  EXPECT_TRUE(duplicate.is_unique_violation());
  EXPECT_STREQ(duplicate.what(), "duplicate key value violates unique constraint \"uq\"; --\"");
  session->rollback();

  EXPECT_EQ(slugs(session->select({"public", "accounts"}, {})), std::vector<std::string>{"survivor"});
  session->drop_schema(kHostileSchema, true);
  session->commit();
  EXPECT_EQ(session->select("accounts", {}).size(), 1u);
}

TEST_F(PgSessionTest, BackendPidIsTheServerProcessOfTheConnection) {
  const int pid = session->backend_pid();
  EXPECT_GT(pid, 0);
  EXPECT_NE(pid, database.connect()->backend_pid());
  EXPECT_EQ(count_on_server("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND datname = $2", pid,
                            database.name()),
            1);
}

// Two sessions that each hold the row the other wants: the server picks a
// victim after deadlock_timeout, the other goes on.
TEST_F(PgSessionTest, DeadlockIs40P01ForOneOfTheTwoSessions) {
  PgSession& first = *session;
  auto second = database.connect();
  const std::int64_t a = first.insert("accounts", {{"slug", std::string("a")}});
  const std::int64_t b = first.insert("accounts", {{"slug", std::string("b")}});
  first.commit();
  first.update("accounts", {{"balance", std::int64_t{1}}}, {{"id", a}});
  second->update("accounts", {{"balance", std::int64_t{2}}}, {{"id", b}});

  std::optional<DbError> first_error;
  std::optional<DbError> second_error;
  auto take = [](PgSession& actor, std::int64_t id, std::optional<DbError>& error) {
    try {
      actor.update("accounts", {{"balance", std::int64_t{3}}}, {{"id", id}});
    } catch (const DbError& caught) {
      error = caught;
      actor.rollback();
      return;
    }
    actor.commit();
  };
  std::thread first_thread(take, std::ref(first), b, std::ref(first_error));
  std::thread second_thread(take, std::ref(*second), a, std::ref(second_error));
  first_thread.join();
  second_thread.join();

  ASSERT_NE(first_error.has_value(), second_error.has_value()) << "exactly one victim";
  const DbError& victim = first_error ? *first_error : *second_error;
  EXPECT_EQ(victim.sqlstate(), model::db::sqlstate::kDeadlockDetected);
  EXPECT_STREQ(victim.what(), "deadlock detected");
  EXPECT_TRUE(victim.detail().starts_with("Process ")) << victim.detail();
  EXPECT_NE(victim.detail().find('\n'), std::string::npos) << "one line per process";
}

TEST_F(PgSessionTest, LockTimeoutIs55P03) {
  auto waiter = database.connect();
  session->insert("accounts", {{"slug", std::string("acme")}});
  session->commit();
  session->select("accounts", {}, RowLock::kForUpdate);

  waiter->set_lock_timeout(50);
  DbError error = db_error_of([&] { waiter->select("accounts", {}, RowLock::kForUpdate); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kLockNotAvailable);
  EXPECT_STREQ(error.what(), "canceling statement due to lock timeout");
  waiter->rollback();
  session->commit();
  EXPECT_EQ(waiter->update("accounts", {{"balance", std::int64_t{1}}}, {}), 1);
}

TEST_F(PgSessionTest, NegativeLockTimeoutIsRefused) {
  EXPECT_THROW(session->set_lock_timeout(-1), std::invalid_argument);
}

// A connection the server closes stays closed: libpqxx 6 must not reconnect
// behind the session's back.
TEST_F(PgSessionTest, LostConnectionIs08006AndStaysLost) {
  session->insert("accounts", {{"slug", std::string("acme")}});
  count_on_server("SELECT count(*) FROM (SELECT pg_terminate_backend($1)) AS terminated", session->backend_pid());
  EXPECT_EQ(db_error_of([&] { session->select("accounts", {}); }).sqlstate(), model::db::sqlstate::kConnectionFailure);
  EXPECT_EQ(db_error_of([&] { session->select("accounts", {}); }).sqlstate(), model::db::sqlstate::kConnectionFailure);
  EXPECT_NO_THROW(session->rollback());
  EXPECT_TRUE(database.connect()->select("accounts", {}).empty());
}

TEST(PgDatabase, IsDroppedByItsDestructorEvenWithSessionsInTransaction) {
  std::string name;
  std::unique_ptr<PgSession> survivor;  // outlives the database: DROP ... WITH (FORCE) closes its connection
  {
    PgDatabase database("", kTables);
    name = database.name();
    EXPECT_TRUE(database_exists(name));
    survivor = database.connect();
    survivor->insert("accounts", {{"slug", std::string("acme")}});
  }
  EXPECT_FALSE(database_exists(name));
  EXPECT_EQ(db_error_of([&] { survivor->commit(); }).sqlstate(), model::db::sqlstate::kConnectionFailure);
}

TEST(PgDatabase, IsDroppedWhenTheTestBodyThrows) {
  std::string name;
  EXPECT_THROW(
      {
        PgDatabase database("", kTables);
        name = database.name();
        database.connect()->insert("accounts", {{"slug", std::string("acme")}});
        throw std::runtime_error("the test body failed");
      },
      std::runtime_error);
  EXPECT_FALSE(name.empty());
  EXPECT_FALSE(database_exists(name));
}

TEST(PgDatabase, ConstructorThatFailsHalfWayDropsWhatItCreated) {
  const std::int64_t before = databases_of_this_process();
  // memberships refers to accounts, which does not exist yet.
  const TableDef* const wrong_order[] = {&kMemberships, &kAccounts};
  const DbError error = db_error_of([&] { PgDatabase database("", wrong_order); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kUndefinedTable);
  EXPECT_EQ(databases_of_this_process(), before);
}

TEST(PgDatabase, UnreachableServerIs08006NamingTheServer) {
  const DbError error = db_error_of([] { PgDatabase database("host=127.0.0.1 port=1 connect_timeout=2", kTables); });
  EXPECT_EQ(error.sqlstate(), model::db::sqlstate::kConnectionFailure);
  EXPECT_NE(std::string(error.what()).find("host=127.0.0.1 port=1"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("Connection refused"), std::string::npos) << error.what();
}

TEST(PgDatabase, ConninfoNamesTheDatabaseAfterTheDsn) {
  PgDatabase database("dbname=postgres", kTables);
  EXPECT_EQ(database.conninfo(), "dbname=postgres dbname=" + database.name());  // quoted only when it must be
  pqxx::connection monitor(database.conninfo());
  EXPECT_EQ(std::string(monitor.dbname()), database.name());
}

TEST(PgDatabase, ConninfoOfAUriDsnOverridesItsDatabase) {
  PgDatabase database("postgresql:///postgres", kTables);  // host, port and user from the PG* environment
  EXPECT_EQ(database.conninfo(), "postgresql:///postgres?dbname=" + database.name());
  EXPECT_EQ(database.connect()->select("accounts", {}).size(), 0u);
  pqxx::connection monitor(database.conninfo());
  EXPECT_EQ(std::string(monitor.dbname()), database.name());
}

TEST(PgDatabase, NamesAreUniqueWithinTheProcess) {
  PgDatabase one("", kTables);
  PgDatabase two("", kTables);
  EXPECT_NE(one.name(), two.name());
  EXPECT_TRUE(one.name().starts_with("interleave_" + std::to_string(::getpid()) + "_"));
}

// The sweep for databases of runs that died drops only names of its own
// form: pg_isolation_regress's database, or a user's interleave_prod, that
// merely start with interleave_ and have no keeper, stay (CI once lost a
// pg_isolation_regress run to a sweep by a test running beside it).
TEST(PgDatabase, SweepDropsOnlyAbandonedDatabasesOfItsOwnNameForm) {
  const std::string pid = std::to_string(::getpid());
  const std::string abandoned = "interleave_" + pid + "_999999_1";
  const std::string foreign = "interleave_regress_" + pid;
  {
    pqxx::connection connection;
    pqxx::nontransaction sql(connection);
    for (const std::string& name : {abandoned, foreign}) {
      sql.exec0("DROP DATABASE IF EXISTS " + sql.quote_name(name));
      sql.exec0("CREATE DATABASE " + sql.quote_name(name));
    }
  }
  { PgDatabase sweeper("", kTables); }
  EXPECT_FALSE(database_exists(abandoned));
  EXPECT_TRUE(database_exists(foreign));
  pqxx::connection connection;
  pqxx::nontransaction(connection).exec0("DROP DATABASE IF EXISTS " + connection.quote_name(foreign));
}

TEST(PgDdl, CreateTableQuotesEveryNameAndQualifiesReferences) {
  pqxx::connection connection;
  const impl::pg::QuoteName quote = [&](std::string_view name) { return connection.quote_name(std::string(name)); };
  EXPECT_EQ(impl::pg::create_table_sql(quote, "tenant_1", kMemberships),
            "CREATE TABLE \"tenant_1\".\"memberships\" (\"id\" bigserial PRIMARY KEY, \"account_id\" bigint NOT NULL, "
            "\"role\" text, CONSTRAINT \"memberships_account_id_fkey\" FOREIGN KEY (\"account_id\") REFERENCES "
            "\"tenant_1\".\"accounts\" (\"id\"))");
  EXPECT_EQ(impl::pg::create_table_sql(quote, "", kAccounts),
            "CREATE TABLE \"accounts\" (\"id\" bigserial PRIMARY KEY, \"slug\" text NOT NULL, \"balance\" bigint, "
            "\"config\" jsonb, CONSTRAINT \"accounts_slug_key\" UNIQUE (\"slug\"))");
}

TEST(PgErrors, ParsesPrimaryAndMultiLineDetail) {
  const auto message = impl::pg::parse_server_message(
      "ERROR:  deadlock detected\nDETAIL:  Process 1 waits for ShareLock.\nProcess 2 waits for ShareLock.\n"
      "HINT:  See server log for query details.\nCONTEXT:  while updating tuple (0,1)\n");
  EXPECT_EQ(message.primary, "deadlock detected");
  EXPECT_EQ(message.detail, "Process 1 waits for ShareLock.\nProcess 2 waits for ShareLock.");
}

TEST(PgErrors, SkipsTheStatementPositionLines) {
  const auto message = impl::pg::parse_server_message(
      "ERROR:  relation \"x\" does not exist\nLINE 1: SELECT * FROM \"x\"\n                      ^\n");
  EXPECT_EQ(message.primary, "relation \"x\" does not exist");
  EXPECT_EQ(message.detail, "");
}

TEST(PgErrors, KeepsATextWithoutSeverityWhole) {
  const auto message = impl::pg::parse_server_message("Connection to database failed\n");
  EXPECT_EQ(message.primary, "Connection to database failed");
  EXPECT_EQ(message.detail, "");
}

}  // namespace
}  // namespace interleave
