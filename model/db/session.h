#pragma once
// The db port: one Session is one connection of one actor. Services are
// written against it; the model (model/db/database.h) and the libpqxx backend
// (backends/pg/) implement it, and the conformance suite (tests/conformance/)
// holds the two to the same outcomes.
//
// Transactions begin implicitly at the first statement (as a SQLAlchemy
// session does) and end with commit() or rollback(). READ COMMITTED: every
// statement sees what was committed before it started, and its own
// transaction's writes. Errors are DbError with PostgreSQL's SQLSTATE. After
// an error the transaction is aborted at once (its locks are released, its
// rows are dead) and further statements fail with 25P02 until rollback() or
// rollback_to_savepoint(); commit() of an aborted transaction rolls it back.
// SET (search_path, lock_timeout) is transactional, as in PostgreSQL: a
// rollback restores the previous value.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/db/error.h"
#include "model/db/sql/sql_result.h"
#include "model/db/table.h"

namespace interleave::model::db {

// What try_insert() answers: the new row's id, or the integrity error
// (SQLSTATE class 23) that refused the row.
using InsertResult = std::variant<std::int64_t, DbError>;

// The row-locking clause of a SELECT.
enum class RowLock : std::uint8_t { kNone, kForKeyShare, kForShare, kForNoKeyUpdate, kForUpdate };

class Session {
 public:
  virtual ~Session() = default;

  // One or more statements as SQL text (model/db/sql/README.md: the subset),
  // with positional parameters $1, $2, ... bound as libpq binds them (text;
  // NULL as SQL NULL). Statements separated by ';' run one after the other,
  // as if each were a call of its own; the result is the last one's, and an
  // error stops at the statement that raised it.
  //
  // Unlike the structured calls, a statement given as text outside BEGIN ...
  // COMMIT runs in a transaction of its own that commits when it ends (as in
  // psql); BEGIN opens a transaction that COMMIT or ROLLBACK (as text or as
  // commit()/rollback()) ends. Inside a transaction the structured calls
  // began, text runs in that transaction.
  virtual SqlResult execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;

  // SELECT * FROM table WHERE conditions ORDER BY id [FOR UPDATE ...].
  virtual std::vector<Row> select(const TableName& table, const Conditions& where, RowLock lock = RowLock::kNone) = 0;
  // INSERT INTO table (...) VALUES (...) RETURNING id. Waits for a
  // transaction that holds an uncommitted duplicate key, then fails with
  // 23505 or proceeds; a missing referenced row is 23503.
  virtual std::int64_t insert(const TableName& table, const Assignments& values) = 0;
  // insert(), with an integrity error given back instead of thrown (the
  // transaction is aborted all the same); any other error is thrown. For a
  // service whose refusal is its ordinary answer ("already exists"): the
  // search refuses an insert in about every other schedule, and the model
  // answers without a throw, which costs as much as the rest of the call.
  virtual InsertResult try_insert(const TableName& table, const Assignments& values) {
    try {
      return insert(table, values);
    } catch (DbError& error) {
      if (!error.is_integrity_error()) throw;
      return std::move(error);
    }
  }
  // UPDATE table SET ... WHERE conditions; returns the rows affected (the
  // optimistic-locking check reads it: WHERE version = n).
  virtual std::int64_t update(const TableName& table, const Assignments& set, const Conditions& where) = 0;
  // DELETE FROM table WHERE conditions; returns the rows deleted.
  virtual std::int64_t remove(const TableName& table, const Conditions& where) = 0;

  // Ends the transaction (sending what add() queued first).
  void commit() {
    flush();
    commit_transaction();
  }
  void rollback() {
    pending_.clear();
    rollback_transaction();
  }
  virtual void savepoint(std::string_view name) = 0;
  virtual void rollback_to_savepoint(std::string_view name) = 0;
  virtual void release_savepoint(std::string_view name) = 0;

  // SET search_path TO "a", "b".
  virtual void set_search_path(const std::vector<std::string>& schemas) = 0;
  // SET lock_timeout = ms (0: wait forever).
  virtual void set_lock_timeout(std::int64_t ms) = 0;

  // CREATE SCHEMA "name".
  virtual void create_schema(std::string_view schema) = 0;
  // CREATE TABLE "schema"."def.name" (...) with def's constraints; schema
  // empty: the first schema of search_path.
  virtual void create_table(std::string_view schema, const TableDef& def) = 0;
  // DROP SCHEMA [IF EXISTS] "name" [CASCADE]: waits for every transaction
  // that uses a table in it.
  virtual void drop_schema(std::string_view schema, bool cascade, bool if_exists = false) = 0;

  // pg_advisory_xact_lock(key): held until the transaction ends.
  virtual void advisory_xact_lock(std::int64_t key) = 0;
  // pg_try_advisory_xact_lock(key): false at once when another session holds it.
  virtual bool try_advisory_xact_lock(std::int64_t key) = 0;
  // pg_advisory_lock(key) / pg_advisory_unlock(key): held by the session,
  // across commits, until unlocked or disconnected.
  virtual void advisory_lock(std::int64_t key) = 0;
  virtual bool advisory_unlock(std::int64_t key) = 0;

  // SQLAlchemy's unit of work: add() queues an INSERT without sending it;
  // flush() sends the queue in order and returns the new ids (rows then
  // visible to this transaction only, until commit).
  void add(TableName table, Assignments values) { pending_.emplace_back(std::move(table), std::move(values)); }
  std::vector<std::int64_t> flush() {
    std::vector<std::int64_t> ids;
    auto pending = std::exchange(pending_, {});
    for (auto& [table, values] : pending) ids.push_back(insert(table, values));
    return ids;
  }

 protected:
  virtual void commit_transaction() = 0;
  virtual void rollback_transaction() = 0;

 private:
  std::vector<std::pair<TableName, Assignments>> pending_;
};

// Opens a new connection for the current actor (each request and each
// activity has its own, as in the services).
using Connect = std::function<std::unique_ptr<Session>()>;

}  // namespace interleave::model::db
