#pragma once
// One connection of the libpqxx backend: the db port (model/db/session.h) on
// a real PostgreSQL server. PgDatabase::connect() makes them.
//
// The connection runs in autocommit (a pqxx::nontransaction) and the session
// sends BEGIN itself before the first statement of each transaction — SET,
// DDL and advisory-lock calls included — so transactions begin implicitly as
// the port requires. COMMIT and ROLLBACK end them; commit() of an aborted
// transaction is answered by the server with ROLLBACK, not an error, and
// rollback() with no transaction open (or on a lost connection) sends
// nothing. Closing the connection (the destructor) makes the server roll back
// an open transaction.
//
// Statements bind every value as a parameter ($1, $2, ...; NULL as SQL NULL)
// and quote every identifier; server errors become DbError (pg_errors.h). A
// lost connection stays lost: every later call fails with 08006 (libpqxx 6
// would otherwise reconnect silently, to a new backend outside the
// transaction).
//
// A session is used by one thread at a time; sessions of one database may
// run on different threads.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>

#include "backends/pg/ddl.h"
#include "model/db/session.h"

namespace interleave::impl::pg {

// The table definitions of one PgDatabase, shared by its sessions: a row read
// from a table points at the TableDef of that table's name, whatever schema
// holds it (tenant schemas repeat the same tables). Defs are not owned and
// must outlive the sessions. Thread-safe.
class TableCatalog {
 public:
  // Registers def under its name. Registering a different def under a name
  // already taken throws std::logic_error: rows could not tell them apart.
  void add(const model::db::TableDef& def);
  // The def registered under `table`, or nullptr.
  const model::db::TableDef* find(std::string_view table) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, const model::db::TableDef*, std::less<>> defs_;  // guarded by mutex_
};

class PgSession final : public model::db::Session {
 public:
  // Connects with a libpq connection string; DbError 08006 when the server
  // cannot be reached.
  PgSession(const std::string& conninfo, std::shared_ptr<TableCatalog> catalog);
  ~PgSession() override;

  // A TableDef is registered for the table (a table of the services, or one
  // create_table made); false for one created by SQL text.
  bool knows_table(std::string_view table) const { return catalog_->find(table) != nullptr; }

  // The server process of this session's connection (pg_stat_activity.pid),
  // e.g. for pg_isolation_test_session_is_blocked().
  int backend_pid() const;

  // Makes the connection as good as new for another actor, releasing what
  // closing it would: rolls back an open transaction and discards the
  // session's settings, session advisory locks and temporary tables
  // (DISCARD ALL). Opening a connection costs far more. False when the
  // connection cannot be reused (lost, or the server refused).
  bool make_reusable() noexcept;
  // Rolls back an open transaction, then sends sql as one simple query
  // (several statements, one round trip), for maintenance such as a reset
  // between schedules. Throws DbError.
  void run_script(const std::string& sql);

  // Sends each statement of the text as it is (parameters bound as text, in
  // one statement only), and tracks BEGIN/COMMIT/ROLLBACK so that the
  // structured calls that follow know whether a transaction is open. Text
  // outside a transaction autocommits on the server. Column types come from
  // the result's type oids (bool, int2/4/8, jsonb; the rest is text, void
  // an empty value); NOTICE and WARNING messages the statement raised are
  // collected. Text the model cannot read is sent whole.
  model::db::SqlResult execute(std::string_view sql, const std::vector<model::db::Value>& params) override;

  std::vector<model::db::Row> select(const model::db::TableName& table, const model::db::Conditions& where,
                                     model::db::RowLock lock = model::db::RowLock::kNone) override;
  std::int64_t insert(const model::db::TableName& table, const model::db::Assignments& values) override;
  std::int64_t update(const model::db::TableName& table, const model::db::Assignments& set,
                      const model::db::Conditions& where) override;
  std::int64_t remove(const model::db::TableName& table, const model::db::Conditions& where) override;

  void savepoint(std::string_view name) override;
  void rollback_to_savepoint(std::string_view name) override;
  void release_savepoint(std::string_view name) override;

  // An empty list sends SET search_path TO '': no schema at all, so an
  // unqualified name finds no table (42P01) and CREATE TABLE has nowhere to go
  // (3F000).
  void set_search_path(const std::vector<std::string>& schemas) override;
  // Throws std::invalid_argument for a negative ms.
  void set_lock_timeout(std::int64_t ms) override;

  void create_schema(std::string_view schema) override;
  // Also registers def in the catalog, so that rows of the new table point at it.
  void create_table(std::string_view schema, const model::db::TableDef& def) override;
  void drop_schema(std::string_view schema, bool cascade, bool if_exists = false) override;

  void advisory_xact_lock(std::int64_t key) override;
  bool try_advisory_xact_lock(std::int64_t key) override;
  void advisory_lock(std::int64_t key) override;
  bool advisory_unlock(std::int64_t key) override;

 protected:
  void commit_transaction() override;
  void rollback_transaction() override;

 private:
  class Parameters;
  class NoticeCollector;

  // Sends BEGIN first when no transaction is open.
  pqxx::result statement(const std::string& sql, const Parameters& parameters);
  pqxx::result statement(const std::string& sql);
  // Sends sql as is, mapping failures to DbError.
  // (send: the structured calls' statements; run_text: one statement of SQL text)
  pqxx::result send(const std::string& sql, const Parameters& parameters);
  model::db::SqlResult run_text(const std::string& text, int kind, const std::string& tag,
                                const std::vector<model::db::Value>& params);
  void end_transaction(const char* sql);
  // SELECT function($1) with key bound: the advisory-lock functions.
  pqxx::result call_with_key(std::string_view function, std::int64_t key);

  void refuse_if_lost() const;
  // The connection's quote_name. Refused once the connection is lost: libpqxx
  // 6 would reconnect to escape the name.
  std::string quoted(std::string_view name);
  // " WHERE "a" = $1 AND ..." (empty for no conditions), binding the values.
  std::string where_clause(const model::db::Conditions& where, Parameters& parameters);
  std::vector<model::db::Row> rows_of(const model::db::TableName& table, const pqxx::result& result) const;

  std::shared_ptr<TableCatalog> catalog_;
  pqxx::connection connection_;
  pqxx::nontransaction sql_;  // autocommit: the session sends BEGIN/COMMIT itself
  bool in_transaction_ = false;  // BEGIN sent, COMMIT or ROLLBACK not yet
  bool failed_ = false;          // a statement failed in the open transaction (COMMIT answers ROLLBACK)
  bool connection_lost_ = false;
  const QuoteName quote_ = [this](std::string_view name) { return quoted(name); };
  // After connection_: unregisters from it before it closes.
  std::unique_ptr<NoticeCollector> notices_;
};

}  // namespace interleave::impl::pg
