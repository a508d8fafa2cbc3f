#include "model/db/row_lock_queue.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/db/model_session.h"

namespace interleave::model::db {

LockTag tuple_lock_tag(std::int64_t table_oid, std::int64_t row_id) {
  // Table oids and row ids of the model stay far below 2^32.
  return {LockTag::Kind::kTuple, (table_oid << 32) | (row_id & 0xffffffff)};
}

LockMode tuple_lock_mode(RowLock mode) {
  switch (mode) {
    case RowLock::kForKeyShare:
      return LockMode::kAccessShare;
    case RowLock::kForShare:
      return LockMode::kRowShare;
    case RowLock::kForNoKeyUpdate:
      return LockMode::kExclusive;
    case RowLock::kNone:
    case RowLock::kForUpdate:
      break;
  }
  return LockMode::kAccessExclusive;
}

ModelSession::RowLockTurn::RowLockTurn(ModelSession& session, Wait& wait, const TableStore& table, std::int64_t id,
                                       RowLock mode)
    : session_(session),
      wait_(wait),
      tag_(tuple_lock_tag(table.oid, id)),
      mode_(tuple_lock_mode(mode)),
      table_(table),
      id_(id) {
  const TransactionTable& txns = session.db_.txns_;
  const bool own_lock =
      std::any_of(table.row_locks.begin(), table.row_locks.end(), [&](const Database::RowLockHeld& held) {
        return held.id == id && txns.own(held.txn, session.current_) && txns.in_progress(held.txn);
      });
  skip_ = own_lock || session.db_.row_lock_queue_broken_;
}

ModelSession::RowLockTurn::~RowLockTurn() {
  // No scheduling point: this also runs while the statement unwinds.
  LockManager& locks = session_.db_.locks_;
  if (held_) {
    locks.release_session_lock(tag_, session_.id_);
  } else if (queued_) {
    locks.withdraw(tag_, session_.id_);
  }
}

bool ModelSession::RowLockTurn::wait_for_turn() {
  if (held_ || skip_) return false;
  LockManager& locks = session_.db_.locks_;
  // As LockTuple: a waiter looks at the row again only once the tuple lock
  // is its own, so a lock that would not conflict with the row's lockers
  // still waits behind an earlier conflicting waiter. Held by the session
  // (kNoTxn), released by hand once the row is locked: PostgreSQL keeps the
  // tuple lock only while it waits.
  for (bool waited = false;; waited = true) {
    std::vector<SessionId> in_the_way = locks.try_acquire(tag_, mode_, session_.id_, kNoTxn);
    if (in_the_way.empty()) {
      held_ = true;
      queued_ = false;
      return waited;
    }
    queued_ = true;
    const auto label = [this] { return fmt::format("tuple lock on {} id {}", table_.def->name, id_); };
    session_.park_for_lock(wait_, tag_, mode_, std::move(in_the_way), WaitLabel::written_by(label), !waited);
  }
}

}  // namespace interleave::model::db
