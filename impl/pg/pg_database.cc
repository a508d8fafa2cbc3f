#include "impl/pg/pg_database.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>

#include <pqxx/nontransaction>

#include "impl/pg/pg_errors.h"
#include "impl/pg/pg_session.h"

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

}  // namespace

PgDatabase::PgDatabase(std::string dsn, std::span<const model::db::TableDef* const> tables)
    : dsn_(std::move(dsn)),
      name_(unique_database_name()),
      tables_(tables),
      catalog_(std::make_shared<TableCatalog>()) {
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

PgDatabase::~PgDatabase() { drop(); }

void PgDatabase::drop() noexcept {
  try {
    database_command(dsn_, "DROP DATABASE IF EXISTS", name_, " WITH (FORCE)");
  } catch (const std::exception& error) {
    std::cerr << "interleave: could not drop database " << name_ << ": " << error.what() << "\n";
  }
}

std::unique_ptr<PgSession> PgDatabase::connect() { return std::make_unique<PgSession>(conninfo(), catalog_); }

std::string PgDatabase::conninfo() const {
  // A later setting wins in both forms: a URI's query parameters are read
  // after its path, and a keyword/value string's later keywords after earlier
  // ones. The generated name needs no percent-encoding.
  if (is_uri(dsn_)) return dsn_ + (dsn_.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name_;
  return dsn_ + (dsn_.empty() ? "" : " ") + "dbname=" + conninfo_value(name_);
}

}  // namespace interleave::impl::pg
