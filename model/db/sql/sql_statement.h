#pragma once
// A statement of SQL text mapped to what the model runs: one struct per
// statement kind, built once per distinct text (sql_reader.h) and executed
// by ModelSession::execute against the current state.
//
// Example: "UPDATE accounts SET balance = balance - $1 WHERE id = 1"
//   maps to Update{table = accounts, set = {balance: balance - $1}, where = id = 1}.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>

#include "model/db/session.h"
#include "model/db/sql/sql_expression.h"
#include "model/db/sql/sql_result.h"
#include "model/db/table.h"

namespace interleave::model::db::sql {

// How a row lock waits: NOWAIT fails with 55P03, SKIP LOCKED skips the row.
enum class LockWait : std::uint8_t { kBlock, kNowait, kSkipLocked };

struct TableRef {
  TableName name{""};
  std::string alias{};  // empty: none; expressions refer to the table by alias or name
  int location = -1;
  std::string_view scope_name() const { return alias.empty() ? std::string_view(name.name) : alias; }
};

// An output column: an expression, `*` (every column), or count(*).
struct OutputItem {
  enum class Kind : std::uint8_t { kExpression, kStar, kCountStar };
  Kind kind = Kind::kExpression;
  Expr expr{};
  std::string name{};  // as PostgreSQL names the column ("?column?" for an anonymous expression)
};

struct OrderKey {
  Expr expr;
  bool descending = false;
  bool nulls_first = false;  // PostgreSQL's default: NULLS LAST ascending, NULLS FIRST descending
};

struct Begin {
  bool start_transaction = false;  // spelled START TRANSACTION: the command tag says so
};
struct Commit {};
struct Rollback {};
struct Savepoint { std::string name; };
struct ReleaseSavepoint { std::string name; };
struct RollbackToSavepoint { std::string name; };

struct SetSetting {
  enum class Setting : std::uint8_t { kSearchPath, kLockTimeout, kDeadlockTimeout, kStatementTimeout };
  Setting setting = Setting::kSearchPath;
  bool local = false;                  // SET LOCAL: until the transaction ends
  bool reset = false;                  // RESET: the command tag says so
  bool all = false;                    // RESET ALL: every setting to its default (`setting` unused)
  std::vector<std::string> schemas{};  // search_path
  std::int64_t ms = 0;                 // lock_timeout, deadlock_timeout, statement_timeout
};

struct CreateSchema {
  std::string name;
  bool if_not_exists = false;
};
struct DropSchema {
  std::vector<std::string> names;
  bool if_exists = false;
  bool cascade = false;
};
struct CreateTable {
  std::string schema;  // empty: the first schema of search_path
  TableDef def;
  // Per foreign key of def: the referenced column's name; empty: the
  // referenced table's primary key. Resolved when the statement runs.
  std::vector<std::string> referenced_columns{};
  bool if_not_exists = false;
};
struct DropTable {
  std::vector<TableRef> tables;
  bool if_exists = false;
  bool cascade = false;
};
// LOCK TABLE ... IN mode MODE [NOWAIT]; modes the model lacks are refused.
struct LockTable {
  std::vector<TableRef> tables;
  int mode = 8;  // PostgreSQL's lock mode number: 1 AccessShare ... 8 AccessExclusive
  bool nowait = false;
};

// What a run of a statement worked out from its table's definition alone
// (its references checked, its columns found), kept for the next run
// against the same TableDef object with as many parameters ($n checks
// depend on their number), so a service's statement does that work once.
// Written by the one thread whose reader cache holds the statement. Shared:
// a run keeps the memo it started with for as long as it runs, since while
// it waits another session may run the same text against a table of
// another shape (another schema's) and replace the statement's memo. The
// count is not atomic: a statement and its memo never leave their thread.
struct ShapeMemo {
  std::uint64_t shape = 0;  // TableDef::shape of the run that wrote it; 0: none yet
  std::size_t params = 0;
  std::vector<std::size_t> columns{};  // UPDATE: SET's columns; INSERT: the target columns; in order
  bool assigns_key = false;            // UPDATE: SET writes a column of a key
  std::vector<const UniqueConstraint*> arbiters{};  // INSERT: ON CONFLICT's constraints of the table
  SqlColumns output{};                 // SELECT and RETURNING: the result's columns
  std::optional<KeyPlan> keys{};       // SELECT, UPDATE, DELETE: the key form of WHERE, when it has one
  bool holds_for(const TableDef& def, std::size_t param_count) const {
    return shape == def.shape.value() && params == param_count;
  }
};
using SharedMemo = boost::local_shared_ptr<const ShapeMemo>;
inline bool holds_for(const SharedMemo& memo, const TableDef& def, std::size_t param_count) {
  return memo && memo->holds_for(def, param_count);
}

struct Select {
  std::optional<TableRef> from{};
  std::vector<OutputItem> items{};
  std::optional<Expr> where{};
  std::vector<OrderKey> order{};
  std::optional<Expr> limit{};
  RowLock lock = RowLock::kNone;
  LockWait wait = LockWait::kBlock;
  mutable SharedMemo memo{};
};

struct Insert {
  TableRef table;
  std::vector<std::string> columns{};  // empty: every column in order
  // One list per VALUES row; nullopt is DEFAULT.
  std::vector<std::vector<std::optional<Expr>>> rows{};
  enum class OnConflict : std::uint8_t { kError, kDoNothing, kDoUpdate };
  OnConflict on_conflict = OnConflict::kError;
  std::vector<std::string> conflict_columns{};  // empty: any unique constraint is the arbiter
  std::vector<std::pair<std::string, Expr>> conflict_set{};
  std::optional<Expr> conflict_where{};
  std::vector<OutputItem> returning{};
  mutable SharedMemo memo{};
};

struct Update {
  TableRef table;
  std::vector<std::pair<std::string, Expr>> set{};
  std::optional<Expr> where{};
  std::vector<OutputItem> returning{};
  mutable SharedMemo memo{};
};

struct Delete {
  TableRef table;
  std::optional<Expr> where{};
  std::vector<OutputItem> returning{};
  mutable SharedMemo memo{};
};

// SELECT pg_advisory_lock(key) and its kin, alone in a SELECT without FROM.
struct AdvisoryCall {
  enum class Function : std::uint8_t {
    kLock, kXactLock, kTryLock, kTryXactLock, kUnlock, kUnlockAll
  };
  Function function = Function::kLock;
  std::optional<Expr> key{};  // none for kUnlockAll
  std::string name;           // the result column: the function's name
};

// SELECT pg_sleep(seconds): sleeps in virtual time.
struct Sleep {
  std::int64_t ms = 0;
};

using Plan = std::variant<Begin, Commit, Rollback, Savepoint, ReleaseSavepoint, RollbackToSavepoint, SetSetting,
                          CreateSchema, DropSchema, CreateTable, DropTable, LockTable, Select, Insert, Update, Delete,
                          AdvisoryCall, Sleep>;

struct Statement {
  Plan plan;
  std::string text;  // the statement's own text, for traces
};

// The statements of one SQL string, in order.
struct Script {
  std::vector<Statement> statements;
};

}  // namespace interleave::model::db::sql
