#include "backends/pg/pg_database.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <variant>

#include <fmt/format.h>

#include <pqxx/nontransaction>

#include "backends/pg/conninfo_secrets.h"
#include "backends/pg/conninfo_value.h"
#include "backends/pg/ddl.h"
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

// Runs `<command> "<database>"<options>` on a connection to the dsn's own
// database. CREATE and DROP DATABASE can neither run in a transaction block
// nor take parameters: the name is quoted.
void database_command(pqxx::connection& maintenance, std::string_view command, const std::string& database,
                      std::string_view options) {
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

// dsn with one more keyword setting; a later setting wins in both forms.
std::string with_setting(const std::string& dsn, std::string_view key, std::string_view value);

// Drops every database named as unique_database_name() names them whose
// keeper is gone (see the header). Only that exact form: a user's own
// interleave_prod, or pg_isolation_regress's database, is never touched.
void drop_abandoned_databases(pqxx::connection& maintenance) {
  std::vector<std::string> abandoned;
  try {
    pqxx::nontransaction sql(maintenance);
    const auto rows = sql.exec_params(
        "SELECT d.datname FROM pg_catalog.pg_database d WHERE d.datname ~ '^interleave_[0-9]+_[0-9]+_[0-9]+$' "
        "AND NOT EXISTS "
        "(SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.application_name = $1 || d.datname) ORDER BY 1",
        std::string(kKeeperPrefix));
    for (const auto& row : rows) abandoned.push_back(row[0].as<std::string>());
  } catch (const model::db::DbError&) {
    throw;
  } catch (...) {
    rethrow_as_db_error();
  }
  for (const std::string& name : abandoned) {
    database_command(maintenance, "DROP DATABASE IF EXISTS", name, " WITH (FORCE)");
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

namespace {

// "name" and 'text', as SQL quotes them.
std::string sql_quoted(std::string_view text, char quote) {
  std::string result(1, quote);
  for (char c : text) {
    result += c;
    if (c == quote) result += quote;
  }
  return result + quote;
}

// The reset as one simple-query string (one round trip): a DO block drops
// what schedules created, then empties the given tables (see the header).
std::string reset_sql(std::span<const model::db::TableDef* const> tables, bool always_truncate) {
  std::string given;     // the given tables' names, as SQL literals
  std::string truncate;  // and as qualified names
  std::string remove;    // DELETE statements, referencing tables first
  for (const model::db::TableDef* table : tables) {
    const std::string name = "public." + sql_quoted(table->name, '"');
    given += (given.empty() ? "" : ", ") + sql_quoted(table->name, '\'');
    truncate += (truncate.empty() ? "" : ", ") + name;
    remove = "DELETE FROM " + name + "; " + remove;
  }
  std::string sql =
      "DO $reset$ DECLARE s text; BEGIN "
      "FOR s IN SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('public', 'information_schema') "
      "AND nspname NOT LIKE 'pg\\_%' ORDER BY oid LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; "
      "FOR s IN SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = 'public'::regnamespace "
      "AND c.relkind = 'r' AND NOT c.relname = ANY(ARRAY[" + given + "]::text[]) ORDER BY c.oid LOOP "
      "EXECUTE format('DROP TABLE public.%I CASCADE', s); END LOOP; ";
  if (!truncate.empty()) {
    const std::string restart =
        "PERFORM pg_catalog.setval(pg_catalog.pg_get_serial_sequence('public.' || pg_catalog.quote_ident(t), c.attname), "
        "1, false) FROM unnest(ARRAY[" + given + "]::text[]) AS t JOIN pg_catalog.pg_attribute c "
        "ON c.attrelid = ('public.' || pg_catalog.quote_ident(t))::regclass AND c.attnum > 0 "
        "AND pg_catalog.pg_get_serial_sequence('public.' || pg_catalog.quote_ident(t), c.attname) IS NOT NULL; ";
    sql += std::string(always_truncate ? "IF true" : "IF EXISTS (SELECT FROM unnest(ARRAY[" + given +
                                                         "]::text[]) AS t WHERE pg_catalog.pg_relation_size("
                                                         "('public.' || pg_catalog.quote_ident(t))::regclass) > 8192)") +
           " THEN TRUNCATE " + truncate + " RESTART IDENTITY CASCADE; ELSE " + remove + restart + "END IF; ";
  }
  return sql + "END $reset$;";
}

// The session advisory lock a run holds on its scratch database.
constexpr std::int64_t kScratchLockKey = 7361504312975512621;

// kScratchMark and a hash of the tables' CREATE TABLE text. A hash that
// changes between builds only costs making the tables again.
std::string scratch_mark(std::span<const model::db::TableDef* const> tables) {
  const QuoteName quote = [](std::string_view name) { return sql_quoted(name, '"'); };
  std::string ddl;
  for (const model::db::TableDef* table : tables) ddl += create_table_sql(quote, "public", *table) + ";";
  return fmt::format("{} (tables {:016x})", kScratchMark, std::hash<std::string>{}(ddl));
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
  // The keeper, connected to the dsn's own database, also sweeps, creates
  // and drops: each connection opened costs a server process.
  drop_abandoned_databases(*keeper_);
  database_command(*keeper_, "CREATE DATABASE", name_, "");
  // The destructor will not run if the constructor throws from here on.
  try {
    admin_ = std::make_unique<PgSession>(conninfo(), catalog_);
    for (const model::db::TableDef* table : tables_) admin_->create_table("public", *table);
    admin_->commit();
  } catch (...) {
    drop();
    throw;
  }
}

PgDatabase::PgDatabase(std::string dsn, std::span<const model::db::TableDef* const> tables, ScratchDatabase scratch)
    : dsn_(std::move(dsn)),
      name_(std::move(scratch.name)),
      tables_(tables),
      catalog_(std::make_shared<TableCatalog>()),
      scratch_(true) {
  admin_ = std::make_unique<PgSession>(conninfo(), catalog_);
  // Held by the admin connection for the run: two runs in one database
  // would empty each other's tables.
  const model::db::SqlResult locked =
      admin_->execute(fmt::format("SELECT pg_try_advisory_lock({})", kScratchLockKey), {});
  if (locked.rows.empty() || locked.rows[0].empty() || locked.rows[0][0] != model::db::Value{std::int64_t{1}}) {
    throw model::db::DbError("55006", fmt::format("database \"{}\" is in use by another interleave run", name_));
  }
  const model::db::SqlResult state = admin_->execute(
      "SELECT coalesce(pg_catalog.shobj_description(d.oid, 'pg_database'), ''), "
      "(SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> 'information_schema' "
      "AND n.nspname NOT LIKE 'pg\\_%') FROM pg_catalog.pg_database d WHERE d.datname = current_database()",
      {});
  const std::string comment =
      state.rows.empty() || !std::holds_alternative<std::string>(state.rows[0][0])
          ? std::string()
          : std::get<std::string>(state.rows[0][0]);
  const bool marked = comment.starts_with(kScratchMark);
  const bool empty = !state.rows.empty() && state.rows[0][1] == model::db::Value{std::int64_t{0}};
  if (!marked && !empty) {
    throw model::db::DbError(
        "55000", fmt::format("database \"{}\" holds tables and is not an interleave scratch database: name an "
                             "empty database (createdb NAME), or leave out --database for a database of the run's own",
                             name_));
  }
  // The mark names the tables the last run made: the same tables are only
  // emptied (one round trip), others are made afresh.
  const std::string mark = scratch_mark(tables_);
  if (comment == mark) {
    admin_->run_script(reset_sql(tables_, false));  // TRUNCATE only when a table outgrew a page, as reset()
    for (const model::db::TableDef* table : tables_) catalog_->add(*table);  // as create_table would
    return;
  }
  // Every table in public and every other schema goes.
  admin_->run_script("COMMENT ON DATABASE " + sql_quoted(name_, '"') + " IS " + sql_quoted(mark, '\'') + "; " +
                     reset_sql({}, false));
  for (const model::db::TableDef* table : tables_) admin_->create_table("public", *table);
  admin_->commit();
}

void PgDatabase::reset() { admin_->run_script(reset_sql(tables_, ++resets_ % kTruncateEvery == 0)); }

PgDatabase::~PgDatabase() {
  if (scratch_) return;  // kept as the run left it; the lock goes with admin_
  admin_.reset();  // before the database goes
  await_no_backends();
  drop();
  keeper_.reset();  // only now: the database is gone
}

void PgDatabase::await_no_backends() noexcept {
  if (!keeper_ || !keeper_->is_open()) return;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  try {
    pqxx::nontransaction sql(*keeper_);
    while (sql.exec_params1("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = $1", name_)[0]
               .as<int>() > 0 &&
           Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
  } catch (const std::exception&) {
    // DROP DATABASE ... WITH (FORCE) ends what is left, and reports.
  }
}

void PgDatabase::drop() noexcept {
  try {
    if (keeper_ && keeper_->is_open()) {
      database_command(*keeper_, "DROP DATABASE IF EXISTS", name_, " WITH (FORCE)");
    } else {
      pqxx::connection maintenance = open_connection(dsn_);
      database_command(maintenance, "DROP DATABASE IF EXISTS", name_, " WITH (FORCE)");
    }
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
