// The throwaway PostgreSQL the suite runs against (started by pg_virtualenv
// in scripts/test) is reachable through the standard libpq environment and
// has the semantics the model follows. Never skipped: without a server the
// suite fails here.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

namespace interleave {
namespace {

TEST(PostgresServer, IsReachableThroughTheLibpqEnvironment) {
  pqxx::connection connection;  // PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
  pqxx::work transaction(connection);
  EXPECT_EQ(transaction.exec1("SELECT 1")[0].as<int>(), 1);
  // The model follows PostgreSQL 15 (DESIGN.md §4).
  EXPECT_GE(connection.server_version(), 150000);
}

TEST(PostgresServer, DefaultIsolationIsReadCommitted) {
  pqxx::connection connection;
  pqxx::work transaction(connection);
  EXPECT_EQ(transaction.exec1("SHOW transaction_isolation")[0].as<std::string>(), "read committed");
}

TEST(PostgresServer, UniqueViolationCarriesSqlstate23505) {
  pqxx::connection connection;
  pqxx::work transaction(connection);
  transaction.exec0("CREATE TEMP TABLE slugs (slug text CONSTRAINT slugs_slug_key UNIQUE)");
  transaction.exec0("INSERT INTO slugs VALUES ('acme')");
  try {
    transaction.exec0("INSERT INTO slugs VALUES ('acme')");
    FAIL() << "a duplicate slug was accepted";
  } catch (const pqxx::unique_violation& error) {
    EXPECT_EQ(error.sqlstate(), "23505");
    EXPECT_NE(std::string(error.what()).find("slugs_slug_key"), std::string::npos);
  }
}

}  // namespace
}  // namespace interleave
