#include "model/db/transactions.h"

namespace interleave::model::db {

TransactionTable::TransactionTable(Execution& exec) : exec_(exec) {
  txns_.push_back({TxnStatus::kCommitted, kNoTxn, 0, kNoActor, {}, nullptr});  // kBootstrapTxn
}

TxnId TransactionTable::begin(SessionId session, ActorId owner) {
  txns_.push_back({TxnStatus::kInProgress, kNoTxn, session, owner, {}, nullptr});
  return static_cast<TxnId>(txns_.size());
}

TxnId TransactionTable::begin_sub(TxnId parent) {
  const Txn& up = record(parent);
  txns_.push_back({TxnStatus::kInProgress, parent, up.session, up.owner, {}, nullptr});
  const auto id = static_cast<TxnId>(txns_.size());
  record(parent).children.push_back(id);
  return id;
}

void TransactionTable::end(TxnId txn, TxnStatus status) {
  if (status == TxnStatus::kCommitted && record(txn).parent == kNoTxn) ++top_level_commits_;
  end_tree(txn, status);
}

// A subtransaction released earlier stays kInProgress and follows its
// parent; ending the parent wakes those waiting on it, since for them it ends
// now too.
void TransactionTable::end_tree(TxnId txn, TxnStatus status) {
  Txn& node = record(txn);
  if (node.status == TxnStatus::kInProgress) {
    const bool is_top = node.parent == kNoTxn;
    if (is_top || status == TxnStatus::kAborted) node.status = status;
    if (node.ended) node.ended->notify_all();
  }
  // Ending touches statuses only, never txns_ itself: the references hold.
  for (TxnId child : record(txn).children) {
    if (record(child).status == TxnStatus::kInProgress) end_tree(child, status);
  }
}

TxnStatus TransactionTable::status(TxnId txn) const {
  for (;;) {
    const Txn& node = record(txn);
    if (node.status == TxnStatus::kAborted || node.parent == kNoTxn) return node.status;
    txn = node.parent;
  }
}

TxnId TransactionTable::top(TxnId txn) const {
  while (record(txn).parent != kNoTxn) txn = record(txn).parent;
  return txn;
}

WaitQueue& TransactionTable::end_queue(TxnId txn) {
  Txn& node = record(txn);
  if (!node.ended) node.ended = std::make_unique<WaitQueue>(exec_);
  return *node.ended;
}

}  // namespace interleave::model::db
