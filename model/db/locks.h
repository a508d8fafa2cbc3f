#pragma once
// PostgreSQL's heavyweight locks, as far as the services meet them: table
// locks taken by every statement (AccessShare for SELECT, RowExclusive for
// writes, AccessExclusive for DROP), schema locks, and advisory locks.
//
// Locks of one session never conflict with each other. A request waits when
// it conflicts with a lock another session holds, or with an earlier waiter
// (so a stream of readers cannot starve a DROP); a session that already
// holds a lock on the object queues in front of the first waiter that lock
// blocks, and fails at once with a deadlock when it also wants a mode that
// waiter holds (PostgreSQL's ProcSleep). Transaction
// locks end with their (sub)transaction; session locks (advisory) last until
// unlocked or disconnected.
//
// Row locks (FOR UPDATE, UPDATE's own) are not here: PostgreSQL keeps them
// in the row, and a waiter waits for the locker's transaction to end. The
// tuple lock that orders those waiters is (row_lock_queue.h).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "harness/wait_queue.h"
#include "model/db/session.h"
#include "model/db/transactions.h"

namespace interleave::model::db {

enum class LockMode : std::uint8_t { kAccessShare, kRowShare, kRowExclusive, kExclusive, kAccessExclusive };
bool conflicts(LockMode a, LockMode b);
// Row-level lock strengths (PostgreSQL docs, table 13.3).
bool conflicts(RowLock a, RowLock b);

struct LockTag {
  enum class Kind : std::uint8_t { kRelation, kSchema, kAdvisory, kTuple } kind;
  std::int64_t object;  // table or schema oid, the advisory key, or tuple_lock_tag's row
  friend bool operator==(const LockTag&, const LockTag&) = default;
};

class LockManager {
 public:
  LockManager(Execution& exec, const TransactionTable& txns) : exec_(exec), txns_(txns) {}

  // Grants the lock when nothing conflicts; otherwise returns the sessions
  // in the way and queues the request (granted later by a retry).
  // `txn` kNoTxn: a session-level lock.
  std::vector<SessionId> try_acquire(const LockTag& tag, LockMode mode, SessionId session, TxnId txn);
  // Forgets a queued request (granted, timed out, or the statement failed),
  // letting those behind it try again.
  void withdraw(const LockTag& tag, SessionId session);
  // The queue to park on until the lock may be free.
  WaitQueue& queue(const LockTag& tag);
  // Releases one session-level hold; false when the session held none.
  bool release_session_lock(const LockTag& tag, SessionId session);
  // Drops every session-level lock of a closing connection.
  void release_session(SessionId session);
  // Wakes waiters of locks the (now ended) transaction held.
  void transaction_ended(TxnId top);
  bool holds(const LockTag& tag, SessionId session) const;
  // PostgreSQL's check as a request starts to wait (ProcSleep): the session
  // holds locks on the object, a waiter ahead of it wants a mode those
  // locks block, and the session wants a mode that waiter's locks block.
  // Neither can ever go, so the request fails at once with 40P01, before
  // any deadlock_timeout. That waiter, or none.
  std::optional<SessionId> deadlocked_at_once(const LockTag& tag, LockMode mode, SessionId session) const;

 private:
  struct Held {
    LockTag tag;
    LockMode mode;
    SessionId session;
    TxnId txn;  // kNoTxn: held by the session
  };
  struct Waiter {
    LockTag tag;
    LockMode mode;
    SessionId session;
  };
  struct Queue {
    LockTag tag;
    std::unique_ptr<WaitQueue> waiting;
  };
  bool live(const Held& held) const { return held.txn == kNoTxn || txns_.in_progress(held.txn); }
  // Whether a lock `session` holds on `tag` conflicts with `mode`.
  bool holds_conflicting(const LockTag& tag, SessionId session, LockMode mode) const;
  // Where a new request of `session` queues: at the end, or, for a session
  // that holds locks on the object, in front of the first waiter they block.
  std::vector<Waiter>::iterator queue_position(const LockTag& tag, SessionId session);
  void wake(const LockTag& tag);

  Execution& exec_;
  const TransactionTable& txns_;
  // In place for a schedule's few locks: a lock manager is built for every
  // schedule, and growing these one lock at a time allocated each time.
  boost::container::small_vector<Held, 8> held_;
  boost::container::small_vector<LockTag, 8> released_;  // transaction_ended's scratch
  std::vector<Waiter> waiters_;  // in arrival order
  std::vector<Queue> queues_;
};

}  // namespace interleave::model::db
