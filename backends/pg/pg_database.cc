#include "backends/pg/pg_database.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cctype>
#include <iostream>

#include <fmt/format.h>

#include <pqxx/nontransaction>

#include "backends/pg/conninfo_secrets.h"
#include "backends/pg/pg_errors.h"
#include "backends/pg/pg_session.h"

namespace interleave::impl::pg {

namespace {

// interleave_<pid>_<n>_<ns>: distinct between processes (pid), within one
// (n), and across pid reuse (the steady clock). Letters, digits and "_" only.
std::string unique_database_name() {
  static std::atomic<unsigned> databases_created{0};
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
  return "interleave_" + std::to_string(::getpid()) + "_" + std::to_string(databases_created++) + "_" +
         std::to_string(ns);
}

// Runs `<command> "<database>"<options>` from a connection to the dsn's own
// database. CREATE and DROP DATABASE can neither run in a transaction block
// nor take parameters: the name is quoted.
void database_command(const std::string& dsn, std::string_view command, const std::string& database,
                      std::string_view options) {
  pqxx::connection maintenance = open_connection(dsn);
  pqxx::nontransaction sql(maintenance);
  try {
    sql.exec0(std::string(command) + " " + maintenance.quote_name(database) + std::string(options));
  } catch (...) {
    rethrow_as_db_error();
  }
}

// Keeper connections are named after their database: "interleave keeper
// <name>" (application_name holds up to 63 bytes; the names are shorter).
constexpr std::string_view kKeeperPrefix = "interleave keeper ";

bool is_uri(std::string_view dsn) { return dsn.starts_with("postgresql://") || dsn.starts_with("postgres://"); }

// A keyword/value connection-string value: single-quoted, with a backslash
// before each quote and backslash (libpq's rules).
std::string conninfo_value(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

// dsn with one more keyword setting; a later setting wins in both forms.
std::string with_setting(const std::string& dsn, std::string_view key, std::string_view value);

// Drops every interleave_* database whose keeper is gone (see the header).
void drop_abandoned_databases(const std::string& dsn) {
  std::vector<std::string> abandoned;
  try {
    pqxx::connection maintenance = open_connection(dsn);
    pqxx::nontransaction sql(maintenance);
    const auto rows = sql.exec_params(
        "SELECT d.datname FROM pg_catalog.pg_database d WHERE d.datname LIKE 'interleave\\_%' AND NOT EXISTS "
        "(SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.application_name = $1 || d.datname) ORDER BY 1",
        std::string(kKeeperPrefix));
    for (const auto& row : rows) abandoned.push_back(row[0].as<std::string>());
  } catch (const model::db::DbError&) {
    throw;
  } catch (...) {
    rethrow_as_db_error();
  }
  for (const std::string& name : abandoned) {
    database_command(dsn, "DROP DATABASE IF EXISTS", name, " WITH (FORCE)");
    std::cerr << "interleave: dropped database " << name << ", left behind by a run that did not finish\n";
  }
}

std::string with_setting(const std::string& dsn, std::string_view key, std::string_view value) {
  if (is_uri(dsn)) {
    std::string encoded;  // percent-encode all but unreserved characters
    for (unsigned char c : value) {
      if (std::isalnum(c) || std::string_view("-._~").find(static_cast<char>(c)) != std::string_view::npos) {
        encoded += static_cast<char>(c);
      } else {
        encoded += fmt::format("%{:02X}", c);
      }
    }
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + std::string(key) + "=" + encoded;
  }
  return dsn + (dsn.empty() ? "" : " ") + std::string(key) + "=" + conninfo_value(value);
}

}  // namespace

PgDatabase::PgDatabase(std::string dsn, std::span<const model::db::TableDef* const> tables)
    : dsn_(std::move(dsn)),
      name_(unique_database_name()),
      tables_(tables),
      catalog_(std::make_shared<TableCatalog>()) {
  try {
    keeper_ = std::make_unique<pqxx::connection>(
        with_setting(dsn_, "application_name", std::string(kKeeperPrefix) + name_));
  } catch (const pqxx::broken_connection& error) {
    throw_unreachable(dsn_, error);  // named by the dsn the user gave
  }
  drop_abandoned_databases(dsn_);
  database_command(dsn_, "CREATE DATABASE", name_, "");
  // The destructor will not run if the constructor throws from here on.
  try {
    auto session = connect();
    for (const model::db::TableDef* table : tables_) session->create_table("public", *table);
    session->commit();
  } catch (...) {
    drop();
    throw;
  }
}

namespace {

// The reset as one simple-query string (one round trip): a DO block drops
// what schedules created, then TRUNCATE empties the given tables.
std::string reset_sql(pqxx::connection& connection, std::span<const model::db::TableDef* const> tables) {
  std::string given;     // the given tables' names, as SQL literals
  std::string truncate;  // and as qualified names
  for (const model::db::TableDef* table : tables) {
    given += (given.empty() ? "" : ", ") + connection.quote(table->name);
    truncate += (truncate.empty() ? "" : ", ") + std::string("public.") + connection.quote_name(table->name);
  }
  std::string sql =
      "DO $reset$ DECLARE s text; BEGIN "
      "FOR s IN SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('public', 'information_schema') "
      "AND nspname NOT LIKE 'pg\\_%' ORDER BY oid LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; "
      "FOR s IN SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = 'public'::regnamespace "
      "AND c.relkind = 'r' AND NOT c.relname = ANY(ARRAY[" + given + "]::text[]) ORDER BY c.oid LOOP "
      "EXECUTE format('DROP TABLE public.%I CASCADE', s); END LOOP; END $reset$;";
  if (!truncate.empty()) sql += " TRUNCATE " + truncate + " RESTART IDENTITY CASCADE;";
  return sql;
}

}  // namespace

void PgDatabase::reset() {
  try {
    if (!resetter_) resetter_ = std::make_unique<pqxx::connection>(conninfo());
    pqxx::nontransaction sql(*resetter_);
    sql.exec0(reset_sql(*resetter_, tables_));
  } catch (const model::db::DbError&) {
    resetter_.reset();
    throw;
  } catch (...) {
    resetter_.reset();
    rethrow_as_db_error();
  }
}

PgDatabase::~PgDatabase() {
  resetter_.reset();  // before the database goes
  drop();
  keeper_.reset();  // only now: the database is gone
}

void PgDatabase::drop() noexcept {
  try {
    database_command(dsn_, "DROP DATABASE IF EXISTS", name_, " WITH (FORCE)");
  } catch (const std::exception& error) {
    std::cerr << "interleave: could not drop database " << name_ << " (the next run on this server drops it): "
              << without_passwords(error.what(), dsn_) << "\n";
  }
}

std::unique_ptr<PgSession> PgDatabase::connect() { return std::make_unique<PgSession>(conninfo(), catalog_); }

std::string PgDatabase::conninfo() const {
  // A later setting wins in both forms: a URI's query parameters are read
  // after its path, and a keyword/value string's later keywords after earlier
  // ones. The generated name needs no percent-encoding.
  return with_setting(dsn_, "dbname", name_);
}

}  // namespace interleave::impl::pg
