#pragma once
// The transaction table of the db model: top-level transactions and their
// subtransactions (savepoints), their status, and the queue a statement
// parks on to wait for one to end (PostgreSQL's XactLockTableWait).
//
// A subtransaction that is still open or was released follows its parent:
// it commits when the top-level transaction commits. An aborted one is dead
// at once, whatever its parent does.

#include <cstdint>
#include <memory>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "harness/execution.h"
#include "harness/wait_queue.h"

namespace interleave::model::db {

using TxnId = std::uint32_t;      // 0: none; 1: the bootstrap transaction that created the catalog
using SessionId = std::uint32_t;  // one per connection, from 1

inline constexpr TxnId kNoTxn = 0;
inline constexpr TxnId kBootstrapTxn = 1;

enum class TxnStatus : std::uint8_t { kInProgress, kCommitted, kAborted };

class TransactionTable {
 public:
  explicit TransactionTable(Execution& exec);

  TxnId begin(SessionId session, ActorId owner);
  // A subtransaction of `parent` (SAVEPOINT).
  TxnId begin_sub(TxnId parent);
  // Commits or aborts `txn`; ending a top-level transaction also ends its
  // open subtransactions. Wakes everyone waiting for any of them.
  void end(TxnId txn, TxnStatus status);
  // How many top-level transactions committed: what is committed changes
  // only when one does (an abort, or a subtransaction's end, shows nothing
  // new to a reader of the committed state).
  std::uint64_t top_level_commits() const { return top_level_commits_; }

  // The effective status: an aborted subtransaction is aborted; otherwise a
  // subtransaction is what its top-level transaction is.
  TxnStatus status(TxnId txn) const;
  bool committed(TxnId txn) const { return status(txn) == TxnStatus::kCommitted; }
  bool in_progress(TxnId txn) const { return status(txn) == TxnStatus::kInProgress; }
  bool aborted(TxnId txn) const { return status(txn) == TxnStatus::kAborted; }
  TxnId top(TxnId txn) const;
  // Part of `me`'s transaction tree and not rolled back: its work is ours.
  bool own(TxnId txn, TxnId me) const { return top(txn) == top(me) && !aborted(txn); }
  SessionId session(TxnId txn) const { return record(txn).session; }
  ActorId owner(TxnId txn) const { return record(txn).owner; }

  // The queue of those waiting for `txn` to end (PostgreSQL's
  // XactLockTableWait); notified when it or its top-level transaction ends.
  WaitQueue& end_queue(TxnId txn);

 private:
  struct Txn {
    TxnStatus status = TxnStatus::kInProgress;  // of this node alone
    TxnId parent = kNoTxn;
    SessionId session = 0;
    ActorId owner = kNoActor;
    std::vector<TxnId> children;
    std::unique_ptr<WaitQueue> ended;  // made on the first wait, most never need one
  };
  const Txn& record(TxnId txn) const { return txns_[txn - 1]; }
  Txn& record(TxnId txn) { return txns_[txn - 1]; }
  void end_tree(TxnId txn, TxnStatus status);

  Execution& exec_;
  // TxnId n is txns_[n - 1]. In place for the few a schedule of the
  // catalogue begins: a table is built for every schedule.
  boost::container::small_vector<Txn, 16> txns_;
  std::uint64_t top_level_commits_ = 0;
};

}  // namespace interleave::model::db
