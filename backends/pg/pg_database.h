#pragma once
// The libpqxx backend of the db port (DESIGN.md §7).
//
// A PgDatabase is one run's isolated namespace on a real server: a fresh
// database named interleave_<pid>_<n>_<m>, holding the given tables in its
// public schema. It is dropped (WITH (FORCE)) by the destructor, also when
// the run failed or threw. Each PgSession is one connection to it, for one
// actor; statements bind their values, identifiers are quoted, and server
// errors become DbError with the server's SQLSTATE.
//
// A run killed outright (SIGKILL, a crash, the server restarted under it)
// cannot drop its database; the next PgDatabase on that server does. While
// a database lives, its owner keeps a "keeper" connection open whose
// application_name names it; a database named interleave_<pid>_<n>_<m>
// without a keeper in pg_stat_activity is abandoned and dropped. The keeper is opened
// before CREATE DATABASE, so a run never sweeps another's that is being
// created, and parallel runs never touch each other's. The keeper also runs
// the sweep, CREATE and DROP DATABASE, and the connection that created the
// tables stays for resets and reads (admin()): each connection costs a
// server process.
//
// With a ScratchDatabase, an existing database the user names is used
// instead (replay --database NAME): no CREATE and DROP DATABASE, which cost
// most of a short lockstep run (creating one takes 140-160 ms on
// PostgreSQL 15). It is taken only when it holds no tables or is marked as
// interleave's scratch database (a COMMENT written at its first use), so a
// database with someone's data is never emptied; a session advisory lock
// keeps two runs out of it at once. The tables the last run made are
// emptied in one round trip (other tables are made afresh) and kept as the
// run left them, for a look with psql.
//
// Example:
//   PgDatabase database("", model::app_tables());   // "" = the PG* environment
//   auto session = database.connect();
//   session->insert("tenants", {{"slug", std::string("acme")}});
//   session->commit();

#include <memory>
#include <span>
#include <string>

#include <pqxx/connection>

#include "model/db/session.h"

namespace interleave::impl::pg {

class PgSession;
class TableCatalog;

// An existing database to run in (see above).
struct ScratchDatabase {
  std::string name;
};
// How the COMMENT ON DATABASE that marks a scratch database begins (the
// rest names the tables the last run made).
inline constexpr std::string_view kScratchMark = "interleave scratch database: emptied by every run that names it";

class PgDatabase {
 public:
  // dsn: a libpq connection string; empty means the PG* environment. Throws
  // DbError 08006 when the server cannot be reached.
  PgDatabase(std::string dsn, std::span<const model::db::TableDef* const> tables);
  // In the scratch database `scratch` (see above). Throws DbError: 08006
  // it cannot be reached (the server's message says when it does not
  // exist), 55000 it holds tables and has no mark, 55006 another run is in
  // it.
  PgDatabase(std::string dsn, std::span<const model::db::TableDef* const> tables, ScratchDatabase scratch);
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  std::unique_ptr<PgSession> connect();
  // Empties the database for the next schedule in one round trip, far
  // cheaper than a database per schedule: drops every schema but public
  // (the tenants', with all they hold) and every table a schedule created in
  // public, and empties the given tables, restarting their ids. DELETE
  // (last table first: the tables are given in dependency order) costs a
  // fraction of TRUNCATE, which makes new files and invalidates every
  // connection's cached catalog; TRUNCATE runs every kTruncateEvery-th
  // reset and whenever a given table outgrew one page, so the dead rows
  // never make the server place new rows in freed space, out of insertion
  // order. Requires: no session of this database is in a transaction.
  // Throws DbError.
  void reset();
  static constexpr unsigned kTruncateEvery = 8;
  // The run's own connection to this database (it created the tables), for
  // reads between schedules such as the final tables; never an actor's.
  PgSession& admin() { return *admin_; }
  const std::string& name() const { return name_; }
  // The connection string of this database (for a monitor connection).
  std::string conninfo() const;

 private:
  std::string dsn_;
  std::string name_;
  std::span<const model::db::TableDef* const> tables_;
  std::shared_ptr<TableCatalog> catalog_;  // shared with every session
  std::unique_ptr<pqxx::connection> keeper_;  // open while the database lives
  std::unique_ptr<PgSession> admin_;  // created the tables; see admin()
  unsigned resets_ = 0;
  bool scratch_ = false;  // a ScratchDatabase: kept, never dropped

  // Waits (briefly) until the backends of closed connections to this
  // database have exited: DROP DATABASE finds one still exiting and sleeps
  // 100 ms before it looks again (CountOtherDBBackends).
  void await_no_backends() noexcept;
  // DROP DATABASE ... WITH (FORCE) from a connection to the dsn's own
  // database; a failure is logged to stderr, never thrown.
  void drop() noexcept;
};

}  // namespace interleave::impl::pg
