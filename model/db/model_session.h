#pragma once
// One connection to the db model. See session.h for the contract and
// database.h for the state it works on. The statements live in three files:
// model_session.cc (transactions, savepoints, settings, advisory locks,
// waiting), model_statements.cc (SELECT/INSERT/UPDATE/DELETE and their
// constraints), model_ddl.cc (schemas and tables).

#include <boost/container/small_vector.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/db/database.h"
#include "model/db/sql/sql_statement.h"
#include "model/db/statement_observer.h"

namespace interleave::model::db {

namespace sql {
class SqlError;
}  // namespace sql

class ModelSession final : public Session {
 public:
  ModelSession(Database& db, Execution& exec);
  ~ModelSession() override;  // an open transaction is rolled back, session locks released

  // Tells `observer` (not owned; null: nobody) when each statement starts
  // and when it waits.
  void observe(StatementObserver* observer) { observer_ = observer; }
  // As libpq's PQcancel from another connection: if this session's
  // statement waits (for a lock, another transaction, pg_sleep), it ends
  // with 57014 "canceling statement due to user request" and its
  // transaction aborts. A session that waits for nothing is left alone, as
  // the server ignores a cancel that arrives between statements.
  void cancel_waiting_statement();

  // Statements as SQL text: model_sql.cc (transactions, SET, DDL) and
  // model_sql_dml.cc (SELECT, INSERT, UPDATE, DELETE).
  SqlResult execute(std::string_view sql, const std::vector<Value>& params) override;

  std::vector<Row> select(const TableName& table, const Conditions& where, RowLock lock) override;
  std::int64_t insert(const TableName& table, const Assignments& values) override;
  InsertResult try_insert(const TableName& table, const Assignments& values) override;
  std::int64_t update(const TableName& table, const Assignments& set, const Conditions& where) override;
  std::int64_t remove(const TableName& table, const Conditions& where) override;
  void savepoint(std::string_view name) override;
  void rollback_to_savepoint(std::string_view name) override;
  void release_savepoint(std::string_view name) override;
  void set_search_path(const std::vector<std::string>& schemas) override;
  void set_lock_timeout(std::int64_t ms) override;
  void create_schema(std::string_view schema) override;
  void create_table(std::string_view schema, const TableDef& def) override;
  void drop_schema(std::string_view schema, bool cascade, bool if_exists) override;
  void advisory_xact_lock(std::int64_t key) override;
  bool try_advisory_xact_lock(std::int64_t key) override;
  void advisory_lock(std::int64_t key) override;
  bool advisory_unlock(std::int64_t key) override;

 protected:
  void commit_transaction() override;
  void rollback_transaction() override;

 private:
  using TableStore = Database::TableStore;
  // SET values: transactional, so savepoints and rollback restore them.
  struct Settings {
    // Unset: PostgreSQL's default, "public". Kept unset rather than filled
    // in, so that a session (and each transaction's copy) allocates nothing.
    std::optional<std::vector<std::string>> search_path_set;
    const std::vector<std::string>& search_path() const;
    std::int64_t lock_timeout_ms = 0;
    std::int64_t deadlock_timeout_ms = kDeadlockTimeoutMs;
    std::int64_t statement_timeout_ms = 0;  // 0: no limit
  };
  // Which row versions a statement wants: the structured calls' equality
  // conditions, or the WHERE clause of SQL text. May throw sql::SqlError.
  class RowFilter {
   public:
    virtual ~RowFilter() = default;
    virtual bool keeps(const std::vector<Value>& values) const = 0;
  };
  class ConditionsFilter;
  class SqlFilter;
  // A statement given as text: its own text (for traces) and parameters.
  struct SqlCall {
    const std::string& text;
    const std::vector<Value>& params;
  };
  struct Savepoint {
    std::string name;
    TxnId subtransaction;
    Settings settings;
  };
  // One statement's wait for a lock or a transaction, across the parks it
  // takes: lock_timeout counts from its start, the deadlock check runs once.
  class Wait {
   public:
    Wait(ModelSession& session, const std::string& text) : session_(session), text_(text) {}
    const std::string& text() const { return text_; }  // the waiting statement's
    ~Wait();
    // Parks once; throws 55P03 (lock_timeout), 57014 (statement_timeout)
    // or 40P01 (deadlock victim).
    void park(WaitQueue& queue, std::vector<SessionId> blockers, WaitLabel what);
    void park_for_transaction(TxnId txn, WaitLabel what);

   private:
    ModelSession& session_;
    const std::string& text_;
    bool started_ = false;
    std::optional<std::int64_t> lock_deadline_;
  };
  // A row-lock waiter's place in the row's queue, PostgreSQL's tuple lock
  // (row_lock_queue.h, .cc): taken before waiting for the row's locker,
  // given up when the statement has locked the row or gives up.
  class RowLockTurn {
   public:
    RowLockTurn(ModelSession& session, Wait& wait, const Database::TableStore& table, std::int64_t id, RowLock mode);
    ~RowLockTurn();
    RowLockTurn(const RowLockTurn&) = delete;
    RowLockTurn& operator=(const RowLockTurn&) = delete;
    // Before waiting for the row's locker: takes the tuple lock, waiting in
    // its queue. False when it was ours at once (or we skip the queue);
    // true when we waited and must look at the row again.
    bool wait_for_turn();

   private:
    ModelSession& session_;
    Wait& wait_;
    LockTag tag_;
    LockMode mode_;
    const Database::TableStore& table_;
    std::int64_t id_;
    bool skip_ = false;
    bool queued_ = false;
    bool held_ = false;
  };

  // --- statement frame (model_session.cc) ---
  enum class WhenAborted : std::uint8_t { kRefuse, kAllow };  // kAllow: ROLLBACK TO, the way out
  // Scheduling point, event name, 25P02 refusal, implicit BEGIN.
  TxnId begin_statement(const char* op, const std::string& text, WhenAborted when_aborted = WhenAborted::kRefuse);
  // begin_statement without the scheduling point, for a statement no other
  // session can observe (BEGIN): where it falls among their steps changes
  // nothing, so a choice there would only multiply equal schedules.
  TxnId open_statement(const char* op, const std::string& text, WhenAborted when_aborted = WhenAborted::kRefuse);
  // The savepoint statements' work after begin_statement, shared with SQL text.
  void savepoint_in_statement(std::string_view name, const std::string& text);
  void rollback_to_savepoint_in_statement(std::string_view name, const std::string& text);
  void release_savepoint_in_statement(std::string_view name, const std::string& text);
  // The level of the newest savepoint called `name`; 3B001 when none is.
  std::size_t savepoint_level(std::string_view name, const std::string& text);
  // When the plan injects a fault here: ends the open transaction as
  // `committed` says, breaks the connection for good, records the fault and
  // fails with 08006.
  [[noreturn]] void break_connection(workflows::FaultKind kind, bool committed, const std::string& text);
  // Ends the transaction's work as PostgreSQL does on an error, records the
  // error when the execution records, and throws it.
  [[noreturn]] void fail(DbError error, const std::string& text) { throw failed(std::move(error), text); }
  // fail() without the throw, for a refusal the services meet on their hot
  // path: the caller throws what it returns, so the unwinding starts in the
  // statement's own frame, the fewest frames from the service that catches it.
  DbError failed(DbError error, const std::string& text);
  [[noreturn]] void fail(std::string_view sqlstate, std::string message, const std::string& text,
                         std::string detail = {}) {
    fail(DbError(sqlstate, std::move(message), std::move(detail)), text);
  }
  // Records the success when the execution records; builds no text otherwise.
  void succeed(std::string_view text, std::string_view result);
  // Ends the innermost (sub)transaction as PostgreSQL does on an error:
  // its locks are released and its rows die now, not at ROLLBACK.
  void abort_current();
  void end_transaction(TxnStatus status);
  void acquire_lock(const LockTag& tag, LockMode mode, TxnId owner, WaitLabel what, const std::string& text);
  std::string actor_names(const std::vector<SessionId>& sessions) const;
  // Footprints: a statement's reads and writes; what the transaction wrote
  // is written again when it ends (its rows change visibility).
  void touch(ResourceId resource, Access access);
  void touch_transaction_writes();

  // --- DML (model_statements.cc) ---
  // Finds the table through search_path and takes its table lock; waits
  // behind a DROP, then looks again (42P01/3F000 when it is gone).
  TableStore& open_table(const TableName& name, LockMode mode, const std::string& text);
  TableStore* lookup_table(const TableName& name);
  [[noreturn]] void fail_missing(const TableName& name, const std::string& text);
  enum class ColumnUse : std::uint8_t { kTarget, kCondition };  // SET/VALUES or WHERE
  // Conditions or assignments with their columns found once: (column
  // index, value read as the column's type), in the order given.
  using ColumnValues = boost::container::small_vector<std::pair<std::size_t, Value>, 4>;
  // The column's index; 42703 named as PostgreSQL names it for its use.
  std::size_t column_of(const TableDef& def, std::string_view column, ColumnUse use, const std::string& text);
  Value coerce(const TableDef& def, std::size_t column, const Value& value, const std::string& text);
  ColumnValues coerced(const TableDef& def, const Conditions& pairs, ColumnUse use, const std::string& text);
  static bool matches(const std::vector<Value>& values, const ColumnValues& where);
  // The versions a statement starting now sees and `where` keeps: in id
  // order for the services' tables (ORDER BY id), in heap order (the order
  // the versions were written) for tables created from SQL text.
  std::vector<std::size_t> snapshot(const TableStore& table, const RowFilter& where) const;
  // Locks row `index` (a version this statement saw) in `mode`, waiting for
  // conflicting lockers (or, per `wait`, failing with 55P03 or skipping the
  // row); follows a committed update to the newest version and re-checks
  // `where` (EvalPlanQual). The version to use, or none when the row is
  // gone, no longer matches or was skipped.
  std::optional<std::size_t> lock_row(TableStore& table, std::size_t index, RowLock mode, const RowFilter& where,
                                      const std::string& text, sql::LockWait wait = sql::LockWait::kBlock);
  std::optional<std::size_t> newest_version(const TableStore& table, std::int64_t id) const;
  void check_not_null(const TableDef& def, const std::vector<Value>& values, const std::string& text);
  // A version another row holds with the same key of a unique constraint
  // (waiting for open transactions that wrote one, as PostgreSQL's index
  // does); `identity` is the row's own, whose versions never collide.
  // `arbiters`: the constraints whose duplicate ON CONFLICT settles (null:
  // none; empty: every one); a duplicate of another is returned with
  // `arbiter` false, for the caller to throw as 23505 (unique_violation()).
  struct Conflict {
    const UniqueConstraint* constraint;
    std::size_t version;
    bool arbiter = true;
  };
  // The 23505 a duplicate raises, recorded and its transaction aborted (failed()).
  DbError unique_violation(const TableStore& table, const Conflict& conflict, const std::vector<Value>& values,
                           const std::string& text);
  std::optional<Conflict> find_conflict(TableStore& table, std::int64_t identity, const std::vector<Value>& values,
                                        const std::vector<const UniqueConstraint*>* arbiters, const std::string& text);
  void check_unique(TableStore& table, std::int64_t identity, const std::vector<Value>& values,
                    const std::string& text);
  // The structured INSERT and UPDATE, whose duplicate key the services
  // catch on their hot path: the body leaves the 23505 in refusal_ and
  // returns none, and the entry point throws it where no local is left to
  // destroy. The unwinder walks every frame twice and starts again after
  // each frame that cleans up, so each such frame costs thousands of
  // instructions.
  std::optional<std::int64_t> insert_row(const TableName& name, const Assignments& values);
  std::optional<std::int64_t> update_rows(const TableName& name, const Assignments& set, const Conditions& where);
  // check_unique() for them: false, with the refusal left, on a duplicate.
  bool unique_or_refused(TableStore& table, std::int64_t identity, const std::vector<Value>& values,
                         const std::string& text);
  void check_references(TableStore& table, const std::vector<Value>& values, const std::string& text);
  // The same for the row version just written, the table's newest.
  void check_references_of_newest(TableStore& table, const std::string& text);
  // NO ACTION: no visible row may still reference the row's old `values`.
  void check_not_referenced(TableStore& table, const std::vector<Value>& values, const std::string& text);

  // --- SQL text (model_sql.cc, model_sql_dml.cc) ---
  [[gnu::cold, gnu::noinline]] SqlResult run_script(const sql::Script& script, std::string_view text,
                                                    const std::vector<Value>& params);
  [[noreturn, gnu::cold, gnu::noinline]] void refuse_whole_text(std::string_view text, const sql::SqlError& error);
  // Inlined into execute(): frames between a service and the statement's
  // scheduling point each cost an instruction-cache miss on the way back.
  [[gnu::always_inline]] SqlResult run_statement(const sql::Statement& statement, const std::vector<Value>& params);
  // The statement's own work; its SqlError becomes the session's DbError.
  [[gnu::always_inline]] SqlResult run_plan(const sql::Statement& statement, const SqlCall& call);
  class Autocommit;
  SqlResult run(const sql::Begin& plan, const SqlCall& call);
  SqlResult run(const sql::Commit& plan, const SqlCall& call);
  SqlResult run(const sql::Rollback& plan, const SqlCall& call);
  SqlResult run(const sql::Savepoint& plan, const SqlCall& call);
  SqlResult run(const sql::ReleaseSavepoint& plan, const SqlCall& call);
  SqlResult run(const sql::RollbackToSavepoint& plan, const SqlCall& call);
  SqlResult run(const sql::SetSetting& plan, const SqlCall& call);
  SqlResult run(const sql::CreateSchema& plan, const SqlCall& call);
  SqlResult run(const sql::DropSchema& plan, const SqlCall& call);
  SqlResult run(const sql::CreateTable& plan, const SqlCall& call);
  SqlResult run(const sql::DropTable& plan, const SqlCall& call);
  SqlResult run(const sql::LockTable& plan, const SqlCall& call);
  SqlResult run(const sql::AdvisoryCall& plan, const SqlCall& call);
  SqlResult run(const sql::Sleep& plan, const SqlCall& call);
  SqlResult run(const sql::Select& plan, const SqlCall& call);
  [[gnu::noinline]] SqlResult select_without_table(const sql::Select& plan, const SqlCall& call);
  [[gnu::cold, gnu::noinline]] void prepare_select(const sql::Select& plan, const sql::RowScope& scope,
                                                   const SqlCall& call);
  [[gnu::cold, gnu::noinline]] void prepare_insert(const sql::Insert& plan, const sql::RowScope& scope,
                                                   const SqlCall& call);
  [[gnu::cold, gnu::noinline]] void prepare_update(const sql::Update& plan, const sql::RowScope& scope,
                                                   const SqlCall& call);
  SqlResult run(const sql::Insert& plan, const SqlCall& call);
  SqlResult run(const sql::Update& plan, const SqlCall& call);
  SqlResult run(const sql::Delete& plan, const SqlCall& call);
  // A NOTICE (or "WARNING:  ..." line) for the SQL text's result.
  void notice(std::string message) { notices_.push_back(std::move(message)); }
  // SAVEPOINT, RELEASE and ROLLBACK TO need a transaction block (25P01).
  void require_transaction_block(std::string_view statement, const std::string& text);
  // When statement_timeout cancels the running statement; none without one.
  std::optional<std::int64_t> statement_deadline() const;
  // Parks inside a statement, where cancel_waiting_statement() can reach it.
  WakeReason park_in_statement(WaitQueue* queue, std::span<const ActorId> blockers, WaitLabel what,
                               std::optional<std::int64_t> deadline_ms);
  [[noreturn]] void fail_cancelled(const std::string& text, std::string_view what);
  // Waits once for a heavyweight lock try_acquire queued us for. Before the
  // request's first wait, PostgreSQL's check for a deadlock at once
  // (LockManager::deadlocked_at_once) may fail it with 40P01 instead.
  void park_for_lock(Wait& wait, const LockTag& tag, LockMode mode, std::vector<SessionId> in_the_way,
                     WaitLabel what, bool first_wait);

  // --- DDL (model_ddl.cc) ---
  // The statements' work after begin_statement, shared with SQL text.
  void create_schema_in_statement(std::string_view name, const std::string& text);
  void create_table_in_statement(std::string_view schema_name, const TableDef& def, const std::string& text);
  void drop_schema_in_statement(std::string_view name, bool cascade, bool if_exists, const std::string& text);
  Database::SchemaStore* creation_schema(std::string_view schema, const std::string& text);
  bool unfinished_by_other(TxnId txn) const;
  // Waits out other transactions creating or dropping a catalog entry of
  // the same name (the catalog's unique index); `busy` names one such
  // transaction or kNoTxn. True when it had to wait.
  bool wait_out_catalog_writers(const std::function<TxnId()>& busy, std::string_view what, const std::string& text);

  Database& db_;
  Execution& exec_;
  SessionId id_;
  TxnId top_ = kNoTxn;
  TxnId current_ = kNoTxn;  // the innermost open (sub)transaction
  bool aborted_ = false;
  bool connection_broken_ = false;  // by an injected fault: every statement fails with 08006
  std::vector<Savepoint> savepoints_;
  Settings settings_;
  Settings committed_settings_;
  // After a SET LOCAL: the settings as they will be when the transaction
  // commits (SET LOCAL values end with it).
  std::optional<Settings> session_settings_;
  std::vector<std::string> notices_;  // of the statement running (SQL text)
  std::optional<DbError> refusal_;  // what insert_row()/update_rows() left for their entry point to throw
  const char* op_ = "";  // the statement's event name
  std::int64_t statement_started_ms_ = 0;  // virtual time; statement_timeout counts from it
  StatementObserver* observer_ = nullptr;
  bool waiting_ = false;  // parked inside a statement: what a cancel interrupts
  std::vector<ResourceId> transaction_writes_;  // kept only when footprints are
};

}  // namespace interleave::model::db
