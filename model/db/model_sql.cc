// Statements given as SQL text: reading them (model/db/sql/), the
// autocommit of a statement outside BEGIN ... COMMIT, transactions,
// savepoints, SET, DDL, LOCK TABLE, advisory locks and pg_sleep. SELECT,
// INSERT, UPDATE and DELETE are in model_sql_dml.cc.

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/db/model_session.h"
#include "model/db/resources.h"
#include "model/db/sql/sql_error.h"
#include "model/db/sql/sql_reader.h"
#include "model/db/sql/sql_values.h"

namespace interleave::model::db {

namespace {

bool is_transaction_control(const sql::Plan& plan) {
  return std::holds_alternative<sql::Begin>(plan) || std::holds_alternative<sql::Commit>(plan) ||
         std::holds_alternative<sql::Rollback>(plan) || std::holds_alternative<sql::Savepoint>(plan) ||
         std::holds_alternative<sql::ReleaseSavepoint>(plan) || std::holds_alternative<sql::RollbackToSavepoint>(plan);
}

SqlResult command(std::string_view tag) { return SqlResult{.command_tag = std::string(tag)}; }

// A function returning void: one row with an empty value, as psql prints it.
SqlResult void_result(const std::string& function) {
  return SqlResult{.returns_rows = true,
                   .columns = {{function, ColumnType::kText}},
                   .rows = {{Value{std::string()}}},
                   .rows_affected = 1,
                   .command_tag = "SELECT 1"};
}

SqlResult boolean_result(const std::string& function, bool truth) {
  return SqlResult{.returns_rows = true,
                   .columns = {{function, ColumnType::kBoolean}},
                   .rows = {{Value{std::int64_t{truth ? 1 : 0}}}},
                   .rows_affected = 1,
                   .command_tag = "SELECT 1"};
}

LockMode table_lock_mode(int mode) {
  switch (mode) {
    case 1: return LockMode::kAccessShare;
    case 2: return LockMode::kRowShare;
    case 3: return LockMode::kRowExclusive;
    case 7: return LockMode::kExclusive;
    default: return LockMode::kAccessExclusive;
  }
}

}  // namespace

SqlResult ModelSession::execute(std::string_view text, const std::vector<Value>& params) {
  const sql::Script* script = nullptr;
  try {
    script = &sql::read_sql(text);
  } catch (const sql::SqlError& error) {
    refuse_whole_text(text, error);
  }
  // One statement, the usual case: its result is returned, not moved into another.
  if (script->statements.size() == 1) [[likely]] return run_statement(script->statements.front(), params);
  return run_script(*script, text, params);
}

// Several statements in one text (or none), as psql sends a script: each
// runs in turn, the last one's result is the answer.
SqlResult ModelSession::run_script(const sql::Script& script, std::string_view text, const std::vector<Value>& params) {
  if (!params.empty() && script.statements.size() > 1) {
    // As the server's extended protocol, which binds parameters to one statement.
    refuse_whole_text(text, sql::SqlError(sql::kSyntaxError, "cannot insert multiple commands into a prepared statement"));
  }
  SqlResult result;
  for (const sql::Statement& statement : script.statements) result = run_statement(statement, params);
  return result;
}

void ModelSession::refuse_whole_text(std::string_view text, const sql::SqlError& error) {
  // The server reads the whole text before it runs any of it: nothing ran.
  const std::string whole(text);
  exec_.scheduling_point();
  if (observer_) observer_->statement_started();
  op_ = "db.sql";
  fail(error, whole);
}

// psql's autocommit: a statement outside a transaction block is one. Its
// transaction ends with the statement, aborted when the statement throws.
class ModelSession::Autocommit {
 public:
  Autocommit(ModelSession& session, const sql::Plan& plan)
      : session_(session), on_(session.top_ == kNoTxn && !is_transaction_control(plan)) {}
  Autocommit(const Autocommit&) = delete;
  Autocommit& operator=(const Autocommit&) = delete;
  ~Autocommit() {
    if (on_ && session_.top_ != kNoTxn) session_.end_transaction(TxnStatus::kAborted);
  }
  void statement_ran() {
    if (std::exchange(on_, false) && session_.top_ != kNoTxn) {
      session_.end_transaction(session_.aborted_ ? TxnStatus::kAborted : TxnStatus::kCommitted);
    }
  }

 private:
  ModelSession& session_;
  bool on_;
};

inline SqlResult ModelSession::run_statement(const sql::Statement& statement, const std::vector<Value>& params) {
  notices_.clear();
  Autocommit autocommit(*this, statement.plan);
  // No try block around `result`: it is built in the caller's return slot.
  SqlResult result = run_plan(statement, {statement.text, params});
  autocommit.statement_ran();
  if (!notices_.empty()) [[unlikely]] result.notices = std::exchange(notices_, {});
  return result;
}

inline SqlResult ModelSession::run_plan(const sql::Statement& statement, const SqlCall& call) {
  try {
    return std::visit([&](const auto& plan) { return run(plan, call); }, statement.plan);
  } catch (const sql::SqlError& error) {
    fail(error, statement.text);
  }
}

void ModelSession::require_transaction_block(std::string_view statement, const std::string& text) {
  if (top_ != kNoTxn) return;
  exec_.scheduling_point();
  if (observer_) observer_->statement_started();
  op_ = "db.sql";
  fail(sql::kNoActiveTransaction, fmt::format("{} can only be used in transaction blocks", statement), text);
}

// --- transactions and savepoints ---

SqlResult ModelSession::run(const sql::Begin& plan, const SqlCall& call) {
  if (top_ != kNoTxn && !aborted_) notice("WARNING:  there is already a transaction in progress");
  // READ COMMITTED: BEGIN takes no snapshot and no lock, and its
  // transaction id is only assigned by the first write; no other session
  // can tell when it ran.
  open_statement("db.begin", call.text);
  const std::string_view tag = plan.start_transaction ? "START TRANSACTION" : "BEGIN";
  succeed(call.text, tag);
  return command(tag);
}

SqlResult ModelSession::run(const sql::Commit&, const SqlCall&) {
  if (top_ == kNoTxn) notice("WARNING:  there is no transaction in progress");
  const bool failed = aborted_;
  commit();
  return command(failed ? "ROLLBACK" : "COMMIT");
}

SqlResult ModelSession::run(const sql::Rollback&, const SqlCall&) {
  if (top_ == kNoTxn) notice("WARNING:  there is no transaction in progress");
  rollback();
  return command("ROLLBACK");
}

SqlResult ModelSession::run(const sql::Savepoint& plan, const SqlCall& call) {
  require_transaction_block("SAVEPOINT", call.text);
  begin_statement("db.savepoint", call.text);
  savepoint_in_statement(plan.name, call.text);
  return command("SAVEPOINT");
}

SqlResult ModelSession::run(const sql::ReleaseSavepoint& plan, const SqlCall& call) {
  require_transaction_block("RELEASE SAVEPOINT", call.text);
  begin_statement("db.release_savepoint", call.text);
  release_savepoint_in_statement(plan.name, call.text);
  return command("RELEASE");
}

SqlResult ModelSession::run(const sql::RollbackToSavepoint& plan, const SqlCall& call) {
  require_transaction_block("ROLLBACK TO SAVEPOINT", call.text);
  begin_statement("db.rollback_to_savepoint", call.text, WhenAborted::kAllow);
  rollback_to_savepoint_in_statement(plan.name, call.text);
  return command("ROLLBACK");
}

// --- settings ---

SqlResult ModelSession::run(const sql::SetSetting& plan, const SqlCall& call) {
  const bool in_block = top_ != kNoTxn;
  begin_statement("db.set", call.text);
  auto apply = [&](Settings& settings) {
    if (plan.all) {
      settings = Settings{};
    } else if (plan.setting == sql::SetSetting::Setting::kSearchPath) {
      settings.search_path_set = plan.schemas;
    } else if (plan.setting == sql::SetSetting::Setting::kDeadlockTimeout) {
      settings.deadlock_timeout_ms = plan.ms;
    } else if (plan.setting == sql::SetSetting::Setting::kStatementTimeout) {
      settings.statement_timeout_ms = plan.ms;
    } else {
      settings.lock_timeout_ms = plan.ms;
    }
  };
  if (plan.local && !in_block) {
    notice("WARNING:  SET LOCAL can only be used in transaction blocks");
  } else if (plan.local) {
    if (!session_settings_) session_settings_ = settings_;
    apply(settings_);
  } else {
    apply(settings_);
    if (session_settings_) apply(*session_settings_);
  }
  succeed(call.text, plan.reset ? "RESET" : "SET");
  return command(plan.reset ? "RESET" : "SET");
}

// --- schemas and tables ---

SqlResult ModelSession::run(const sql::CreateSchema& plan, const SqlCall& call) {
  begin_statement("db.create_schema", call.text);
  if (plan.if_not_exists && db_.find_schema(plan.name, current_)) {
    touch(catalog_resource(), Access::kRead);
    notice(fmt::format("schema \"{}\" already exists, skipping", plan.name));
    succeed(call.text, "CREATE SCHEMA (exists)");
  } else {
    create_schema_in_statement(plan.name, call.text);
  }
  return command("CREATE SCHEMA");
}

SqlResult ModelSession::run(const sql::DropSchema& plan, const SqlCall& call) {
  begin_statement("db.drop_schema", call.text);
  for (const std::string& name : plan.names) {
    drop_schema_in_statement(truncated_identifier(name), plan.cascade, plan.if_exists, call.text);
  }
  return command("DROP SCHEMA");
}

SqlResult ModelSession::run(const sql::CreateTable& plan, const SqlCall& call) {
  begin_statement("db.create_table", call.text);
  const std::string& text = call.text;
  TableDef def = plan.def;
  // REFERENCES p [(column)]: the parent's column, which a unique constraint
  // must cover alone; without a column, the parent's primary key.
  for (std::size_t i = 0; i < def.foreign_keys.size(); ++i) {
    ForeignKey& key = def.foreign_keys[i];
    const TableDef* parent = &def;
    if (key.referenced_table != def.name) {
      TableStore* store = lookup_table(TableName(plan.schema, key.referenced_table));
      if (store == nullptr) fail_missing(TableName(key.referenced_table), text);
      parent = store->def;
    }
    if (!parent->id_column || !plan.referenced_columns[i].empty()) {
      const std::string& column = plan.referenced_columns[i];
      if (column.empty()) {
        const std::string pkey = parent->name + "_pkey";
        auto primary = std::find_if(parent->uniques.begin(), parent->uniques.end(),
                                    [&](const UniqueConstraint& unique) { return unique.name == pkey; });
        if (primary == parent->uniques.end()) {
          fail(sql::kInvalidForeignKey, fmt::format("there is no primary key for referenced table \"{}\"", parent->name),
               text);
        }
        if (primary->columns.size() != 1) {
          fail(sql::kInvalidForeignKey, "number of referencing and referenced columns for foreign key disagree", text);
        }
        key.referenced_column = primary->columns[0];
      } else {
        if (!parent->has_column(column)) {
          fail(sqlstate::kUndefinedColumn,
               fmt::format("column \"{}\" referenced in foreign key constraint does not exist", column), text);
        }
        key.referenced_column = parent->column_index(column);
        const bool unique = std::any_of(parent->uniques.begin(), parent->uniques.end(), [&](const UniqueConstraint& u) {
          return u.columns.size() == 1 && u.columns[0] == key.referenced_column;
        });
        if (!unique && !(parent->id_column && key.referenced_column == 0)) {
          fail(sql::kInvalidForeignKey,
               fmt::format("there is no unique constraint matching given keys for referenced table \"{}\"",
                           parent->name),
               text);
        }
      }
    }
  }
  if (plan.if_not_exists) {
    const TableStore* existing = nullptr;
    if (!plan.schema.empty()) {
      if (Database::SchemaStore* schema = db_.find_schema(plan.schema, current_)) {
        existing = db_.find_table(schema->oid, def.name, current_);
      }
    } else {
      for (const std::string& candidate : settings_.search_path()) {
        if (Database::SchemaStore* schema = db_.find_schema(candidate, current_)) {
          existing = db_.find_table(schema->oid, def.name, current_);
          break;
        }
      }
    }
    if (existing) {
      touch(catalog_resource(), Access::kRead);
      notice(fmt::format("relation \"{}\" already exists, skipping", def.name));
      succeed(text, "CREATE TABLE (exists)");
      return command("CREATE TABLE");
    }
  }
  create_table_in_statement(truncated_identifier(plan.schema), def, text);
  return command("CREATE TABLE");
}

SqlResult ModelSession::run(const sql::DropTable& plan, const SqlCall& call) {
  begin_statement("db.drop_table", call.text);
  const std::string& text = call.text;
  touch(catalog_resource(), Access::kWrite);
  std::vector<TableStore*> dropped;
  for (const sql::TableRef& ref : plan.tables) {
    std::optional<TableName> cut;
    const TableName& name = as_server_reads(ref.name, cut);
    TableStore* table = lookup_table(name);
    if (!table && plan.if_exists) {
      notice(fmt::format("table \"{}\" does not exist, skipping", name.display()));
      continue;
    }
    if (!table) fail(sqlstate::kUndefinedTable, fmt::format("table \"{}\" does not exist", name.display()), text);
    const std::int64_t oid = table->oid;
    const auto label = [table] { return fmt::format("lock on table {}", table->def->name); };
    acquire_lock({LockTag::Kind::kRelation, oid}, LockMode::kAccessExclusive, current_, WaitLabel::written_by(label),
                 text);
    table = lookup_table(name);
    if (!table || table->oid != oid) fail_missing(name, text);
    dropped.push_back(table);
  }
  for (TableStore* table : dropped) {
    for (const auto& child : db_.tables_) {
      if (child->schema_oid != table->schema_oid || !db_.visible(child->xmin, child->xmax, current_)) continue;
      if (std::find(dropped.begin(), dropped.end(), child) != dropped.end()) continue;
      for (const ForeignKey& key : child->def->foreign_keys) {
        if (key.referenced_table != table->def->name) continue;
        if (plan.cascade) {
          fail(sql::kFeatureNotSupported,
               fmt::format("SQL feature not supported by the model: DROP TABLE ... CASCADE of a referenced table at "
                           "character 1"),
               text);
        }
        fail(sqlstate::kDependentObjectsStillExist,
             fmt::format("cannot drop table {} because other objects depend on it", table->def->name), text,
             fmt::format("constraint {} on table {} depends on table {}", key.name, child->def->name,
                         table->def->name));
      }
    }
  }
  for (TableStore* table : dropped) {
    table->xmax = current_;
    touch(table_rows_resource(table->oid), Access::kWrite);
  }
  succeed(text, "DROP TABLE");
  return command("DROP TABLE");
}

SqlResult ModelSession::run(const sql::LockTable& plan, const SqlCall& call) {
  require_transaction_block("LOCK TABLE", call.text);
  begin_statement("db.lock_table", call.text);
  const LockMode mode = table_lock_mode(plan.mode);
  for (const sql::TableRef& ref : plan.tables) {
    if (!plan.nowait) {
      open_table(ref.name, mode, call.text);
      continue;
    }
    std::optional<TableName> cut;
    const TableName& name = as_server_reads(ref.name, cut);
    TableStore* table = lookup_table(name);
    if (!table) fail_missing(name, call.text);
    const LockTag tag{LockTag::Kind::kRelation, table->oid};
    if (!db_.locks_.try_acquire(tag, mode, id_, current_).empty()) {
      db_.locks_.withdraw(tag, id_);
      fail(sqlstate::kLockNotAvailable, fmt::format("could not obtain lock on relation \"{}\"", name.name), call.text);
    }
    touch(table_rows_resource(table->oid), Access::kWrite);
  }
  succeed(call.text, "LOCK TABLE");
  return command("LOCK TABLE");
}

// --- advisory locks and pg_sleep ---

SqlResult ModelSession::run(const sql::AdvisoryCall& plan, const SqlCall& call) {
  using Function = sql::AdvisoryCall::Function;
  const bool unlocking = plan.function == Function::kUnlock || plan.function == Function::kUnlockAll;
  const TxnId me = begin_statement(unlocking ? "db.advisory_unlock" : "db.advisory_lock", call.text);
  std::int64_t key = 0;
  if (plan.key) {
    sql::check_references(*plan.key, {}, {.params = &call.params});
    const Value value = sql::column_input(ColumnType::kBigInt, sql::evaluate(*plan.key, {}, {.params = &call.params}));
    if (std::holds_alternative<std::monostate>(value)) {
      // A strict function called with NULL returns NULL without running.
      succeed(call.text, "NULL");
      const bool returns_void = plan.function == Function::kLock || plan.function == Function::kXactLock;
      return SqlResult{.returns_rows = true,
                       .columns = {{plan.name, returns_void ? ColumnType::kText : ColumnType::kBoolean}},
                       .rows = {{Value{}}},
                       .rows_affected = 1,
                       .command_tag = "SELECT 1"};
    }
    key = std::get<std::int64_t>(value);
  }
  const LockTag tag{LockTag::Kind::kAdvisory, key};
  switch (plan.function) {
    case Function::kLock: {
      acquire_lock(tag, LockMode::kExclusive, kNoTxn, "advisory lock", call.text);
      succeed(call.text, "locked");
      return void_result(plan.name);
    }
    case Function::kXactLock: {
      acquire_lock(tag, LockMode::kExclusive, me, "advisory lock", call.text);
      succeed(call.text, "locked");
      return void_result(plan.name);
    }
    case Function::kTryLock:
    case Function::kTryXactLock: {
      const TxnId owner = plan.function == Function::kTryLock ? kNoTxn : me;
      const bool granted = db_.locks_.try_acquire(tag, LockMode::kExclusive, id_, owner).empty();
      if (!granted) db_.locks_.withdraw(tag, id_);
      succeed(call.text, granted ? "true" : "false");
      return boolean_result(plan.name, granted);
    }
    case Function::kUnlock: {
      const bool released = db_.locks_.release_session_lock(tag, id_);
      if (!released) notice("WARNING:  you don't own a lock of type ExclusiveLock");
      succeed(call.text, released ? "true" : "false");
      return boolean_result(plan.name, released);
    }
    case Function::kUnlockAll: {
      db_.locks_.release_session(id_);
      succeed(call.text, "released");
      return void_result(plan.name);
    }
  }
  throw std::logic_error("unknown advisory function");
}

SqlResult ModelSession::run(const sql::Sleep& plan, const SqlCall& call) {
  begin_statement("db.sleep", call.text);
  // pg_sleep ends early where statement_timeout or a cancel ends it.
  const std::optional<std::int64_t> deadline = statement_deadline();
  const bool timed_out = deadline && exec_.now_ms() + plan.ms > *deadline;
  const std::int64_t wake_at = timed_out ? *deadline : exec_.now_ms() + plan.ms;
  if (plan.ms > 0 || timed_out) {
    if (park_in_statement(nullptr, {}, "sleep", wake_at) == WakeReason::kInterrupted) {
      fail_cancelled(call.text, "pg_sleep");
    }
  }
  if (timed_out) fail(sqlstate::kQueryCanceled, "canceling statement due to statement timeout", call.text);
  succeed(call.text, "slept");
  return void_result("pg_sleep");
}

}  // namespace interleave::model::db
