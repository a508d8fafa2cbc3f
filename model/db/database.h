#pragma once
// The PostgreSQL model: tables of row versions (xmin/xmax), transactions,
// READ COMMITTED visibility per statement, unique constraints that wait for
// an uncommitted duplicate's transaction, row locks taken by UPDATE.
//
// Every statement is a scheduling point; a statement that would block in
// PostgreSQL parks its actor until the other transaction ends.
//
// Example:
//   Database db(exec, {&kTenants});
//   auto session = db.connect();
//   session->insert("tenants", {{"slug", "acme"}});   // may park, may throw 23505
//   session->commit();

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "harness/execution.h"
#include "harness/wait_queue.h"
#include "model/db/error.h"
#include "model/db/session.h"
#include "model/db/table.h"

namespace interleave::model::db {

using TxnId = std::uint32_t;  // 0: no transaction

class Database {
 public:
  Database(Execution& exec, std::span<const TableDef* const> tables);

  // A new connection for the current actor.
  std::unique_ptr<Session> connect();

  // Committed rows, for the properties. Not a statement: no scheduling point.
  std::vector<Row> committed_rows(std::string_view table) const;
  // Calls visit(values) for each committed live row, copying nothing: the
  // form for checks that run after every step.
  template <typename Visit>
  void visit_committed(std::string_view table, Visit visit) const {
    for (const TableStore& store : tables_) {
      if (store.def->name != table) continue;
      for (const Version& version : store.versions) {
        if (committed(version.xmin) && (version.xmax == 0 || !committed(version.xmax))) visit(version.values);
      }
    }
  }

 private:
  friend class ModelSession;
  enum class TxnStatus : std::uint8_t { kInProgress, kCommitted, kAborted };
  struct Txn {
    TxnStatus status = TxnStatus::kInProgress;
    ActorId owner = kNoActor;
    std::unique_ptr<WaitQueue> ended;  // made on the first wait, most never need one
  };
  struct Version {
    std::int64_t id;
    std::vector<Value> values;
    TxnId xmin;
    TxnId xmax = 0;  // deleted or replaced (and row-locked) by this transaction
  };
  struct TableStore {
    const TableDef* def;
    std::vector<Version> versions;
    std::int64_t next_id = 1;  // a sequence: not rolled back
  };

  TableStore& table(std::string_view name);
  TxnId begin(ActorId owner);
  void end(TxnId txn, TxnStatus status);
  // Parks the current actor until `txn` ends.
  void wait_for(TxnId txn, std::string_view what);
  TxnStatus status(TxnId txn) const { return txns_[txn - 1].status; }
  bool committed(TxnId txn) const { return status(txn) == TxnStatus::kCommitted; }
  bool in_progress(TxnId txn) const { return status(txn) == TxnStatus::kInProgress; }
  ActorId owner(TxnId txn) const { return txns_[txn - 1].owner; }
  // READ COMMITTED: visible to a statement of `me` run now.
  bool visible(const Version& version, TxnId me) const;

  Execution& exec_;
  std::vector<TableStore> tables_;
  std::vector<Txn> txns_;  // TxnId n is txns_[n - 1]
};

}  // namespace interleave::model::db
