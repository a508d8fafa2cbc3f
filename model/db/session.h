#pragma once
// The db port: one Session is one connection of one actor. Services are
// written against it; the model (model/db/database.h) and the libpqxx backend
// (impl/pg/) implement it.
//
// Transactions begin implicitly at the first statement (as a SQLAlchemy
// session does) and end with commit() or rollback(). READ COMMITTED: every
// statement sees what was committed before it started, and its own
// transaction's writes. Errors are DbError with PostgreSQL's SQLSTATE; after
// an error the transaction is aborted (25P02) until rollback().

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "model/db/table.h"

namespace interleave::model::db {

class Session {
 public:
  virtual ~Session() = default;
  // SELECT * FROM table WHERE conditions.
  virtual std::vector<Row> select(std::string_view table, const Conditions& where) = 0;
  // INSERT INTO table (...) VALUES (...) RETURNING id. Waits for a
  // transaction that holds an uncommitted duplicate key, then fails with
  // 23505 or proceeds.
  virtual std::int64_t insert(std::string_view table, const Assignments& values) = 0;
  // UPDATE table SET ... WHERE conditions; returns the rows affected.
  virtual std::int64_t update(std::string_view table, const Assignments& set,
                              const Conditions& where) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

// Opens a new connection for the current actor (each request and each
// activity has its own, as in the services).
using Connect = std::function<std::unique_ptr<Session>()>;

}  // namespace interleave::model::db
