#pragma once
// The PostgreSQL model (PostgreSQL 15 semantics, DESIGN.md §4): schemas and
// tables of row versions (xmin/xmax), transactions and savepoints, READ
// COMMITTED visibility per statement, unique and foreign-key constraints,
// table, row and advisory locks, lock_timeout and deadlock detection in
// virtual time.
//
// Every statement is a scheduling point; a statement that would block in
// PostgreSQL parks its actor until the other transaction ends or the lock
// is free. The Database holds the shared state; ModelSession (one per
// connection) runs the statements.
//
// Example:
//   Database db(exec, {&kTenants});    // tables of the public schema
//   auto session = db.connect();
//   session->insert("tenants", {{"slug", "acme"}});   // may park, may throw 23505
//   session->commit();

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "harness/execution.h"
#include "model/db/error.h"
#include "model/db/locks.h"
#include "model/db/session.h"
#include "model/db/table.h"
#include "model/db/table_access.h"
#include "model/db/transactions.h"
#include "model/db/wait_graph.h"
#include "model/workflows/fault_plan.h"

namespace interleave::model::db {

class ModelSession;

class Database {
 public:
  Database(Execution& exec, std::span<const TableDef* const> public_tables);
  ~Database();

  // A new connection for the current actor.
  std::unique_ptr<Session> connect();
  // Makes connect() hand each new model session to `wrap` and return what
  // it returns: how a lockstep mirror on a real server sees every
  // connection. An empty function turns it off.
  using SessionWrapper = std::function<std::unique_ptr<Session>(std::unique_ptr<ModelSession>)>;
  void wrap_sessions(SessionWrapper wrap) { wrap_sessions_ = std::move(wrap); }

  // Committed rows of a table (of the public schema unless `schema` is
  // given), for the properties. Not a statement: no scheduling point.
  std::vector<Row> committed_rows(std::string_view table, std::string_view schema = "public") const;
  // Calls visit(values) for each committed live row, copying nothing: the
  // form for checks that run after every step.
  template <typename Visit>
  void visit_committed(std::string_view table, Visit visit, std::string_view schema = "public") const {
    if (const TableStore* store = committed_table(schema, table)) visit_committed(*store, visit);
  }
  // Changes whenever a top-level transaction commits, and only then: what
  // committed_rows() and visit_committed() see is the same between two
  // equal readings (rows, tables and schemas alike).
  std::uint64_t committed_state_version() const { return txns_.top_level_commits(); }
  // The committed schemas' names, in creation order.
  std::vector<std::string> committed_schemas() const;
  // The committed tables of a schema, in creation order.
  std::vector<const TableDef*> committed_tables(std::string_view schema) const;
  // For footprints: an actor's step read a table's committed rows and the
  // catalog without a statement (the reads above note nothing, since the
  // properties use them too).
  void touch_committed(std::string_view table, std::string_view schema = "public") const;

  // Calls `observer` for every table a statement resolves (through
  // search_path or qualified) and locks: who touched which schema's table.
  // An empty observer turns the observation off.
  void observe_table_accesses(TableAccessObserver observer) { table_access_observer_ = std::move(observer); }

  // Lets sessions inject the database's faults (kConnectionLost,
  // kCommitOutcomeUnknown) at `injector`'s fault points, which the workflow
  // service shares (not owned; null: none, the default). The FaultPlan lives
  // with the workflows for history's sake: it bounds all faults together.
  void inject_faults(workflows::FaultInjector* injector) { fault_injector_ = injector; }

  // Tests only: a deliberately wrong model. Row-lock waiters skip
  // PostgreSQL's queue (row_lock_queue.h), so all of them wake when the
  // holder ends and the schedule picks who goes first; a lockstep run on a
  // server then diverges, which is what the tests of divergence reports need.
  void break_row_lock_queue_for_tests() { row_lock_queue_broken_ = true; }

 private:
  friend class ModelSession;
  struct Version {
    std::int64_t id;
    std::vector<Value> values;
    TxnId xmin;
    TxnId xmax = kNoTxn;  // deleted or replaced by this transaction
  };
  // A row lock: held by `txn` on row `id` until its transaction ends.
  struct RowLockHeld {
    std::int64_t id;
    TxnId txn;
    RowLock mode;
  };
  struct SchemaStore {
    std::string name;
    std::int64_t oid;
    TxnId xmin;
    TxnId xmax = kNoTxn;
  };
  struct TableStore {
    const TableDef* def;
    std::int64_t oid;
    std::int64_t schema_oid;
    TxnId xmin;
    TxnId xmax = kNoTxn;
    std::vector<Version> versions;
    boost::container::small_vector<RowLockHeld, 4> row_locks;  // in place: a schedule takes a few
    // Appends a row version, with room for a schedule's handful at the
    // first: growing one at a time moves every version each time.
    void add_version(Version version) {
      if (versions.capacity() == 0) versions.reserve(8);
      versions.push_back(std::move(version));
    }
    std::int64_t next_id = 1;  // a sequence: not rolled back
    // Serial columns of a table created from SQL text: the next value of
    // each column's own sequence (index: column).
    std::vector<std::int64_t> serial_next{};
  };

  template <typename Visit>
  void visit_committed(const TableStore& store, Visit visit) const {
    for (const Version& version : store.versions) {
      if (txns_.committed(version.xmin) && (version.xmax == kNoTxn || !txns_.committed(version.xmax))) {
        visit(version.values);
      }
    }
  }
  // Catalog rows as a statement of `me` sees them now (kNoTxn: committed only).
  bool visible(TxnId xmin, TxnId xmax, TxnId me) const;
  bool visible(const Version& version, TxnId me) const { return visible(version.xmin, version.xmax, me); }
  SchemaStore* find_schema(std::string_view name, TxnId me);
  TableStore* find_table(std::int64_t schema_oid, std::string_view name, TxnId me);
  const TableStore* committed_table(std::string_view schema, std::string_view table) const;
  SessionId open_session(ActorId actor) {
    session_actors_.push_back(actor);
    return static_cast<SessionId>(session_actors_.size());
  }
  ActorId session_actor(SessionId session) const { return session_actors_[session - 1]; }
  std::int64_t next_oid() { return next_oid_++; }
  // CREATE TABLE's store, kept at a stable address like every other.
  TableStore& add_created_table(TableStore store);
  // Requires: an observer is installed.
  void report_table_access(ActorId actor, const TableStore& table) const;

  Execution& exec_;
  TransactionTable txns_;
  LockManager locks_;
  WaitGraph waits_;
  // In place, like the table list below, for the few a schedule of the
  // catalogue has: a database is built for every schedule, and each
  // allocation costs about as much as a row lookup.
  boost::container::small_vector<SchemaStore, 4> schemas_;
  // Every table, in creation order, at addresses that stay put (a statement
  // holds its table across a wait while another session creates one): the
  // public schema's in one block built with the database, CREATE TABLE's
  // each in its own.
  boost::container::small_vector<TableStore*, 8> tables_;
  std::unique_ptr<TableStore[]> public_stores_;
  std::vector<std::unique_ptr<TableStore>> created_stores_;
  std::vector<std::unique_ptr<TableDef>> created_defs_;  // defs copied by CREATE TABLE
  boost::container::small_vector<ActorId, 8> session_actors_;  // SessionId n is [n - 1]
  std::int64_t next_oid_ = 16384;  // as PostgreSQL's first user oid
  TableAccessObserver table_access_observer_;  // empty: nobody asked
  SessionWrapper wrap_sessions_;               // empty: sessions as they are
  workflows::FaultInjector* fault_injector_ = nullptr;
  bool row_lock_queue_broken_ = false;
};

}  // namespace interleave::model::db
