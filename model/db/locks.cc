#include "model/db/locks.h"

#include <algorithm>

#include "model/db/resources.h"

namespace interleave::model::db {

bool conflicts(LockMode a, LockMode b) {
  // PostgreSQL's table of conflicting lock modes, for the modes used here.
  static constexpr bool kTable[5][5] = {
      /* AccessShare    */ {false, false, false, false, true},
      /* RowShare       */ {false, false, false, true, true},
      /* RowExclusive   */ {false, false, false, true, true},
      /* Exclusive      */ {false, true, true, true, true},
      /* AccessExclusive*/ {true, true, true, true, true},
  };
  return kTable[static_cast<int>(a)][static_cast<int>(b)];
}

bool conflicts(RowLock a, RowLock b) {
  // kNone, kForKeyShare, kForShare, kForNoKeyUpdate, kForUpdate
  static constexpr bool kTable[5][5] = {
      /* none          */ {false, false, false, false, false},
      /* key share     */ {false, false, false, false, true},
      /* share         */ {false, false, false, true, true},
      /* no key update */ {false, false, true, true, true},
      /* update        */ {false, true, true, true, true},
  };
  return kTable[static_cast<int>(a)][static_cast<int>(b)];
}

std::vector<SessionId> LockManager::try_acquire(const LockTag& tag, LockMode mode, SessionId session, TxnId txn) {
  std::vector<SessionId> in_the_way;
  for (const Held& held : held_) {
    if (held.tag == tag && held.session != session && live(held) && conflicts(held.mode, mode)) {
      in_the_way.push_back(held.session);
    }
  }
  auto mine = [&](const Waiter& waiter) { return waiter.tag == tag && waiter.session == session; };
  auto queued = std::find_if(waiters_.begin(), waiters_.end(), mine);
  // Earlier waiters go first: those ahead of our place in the queue, or of
  // the place we would take.
  const auto position = queued != waiters_.end() ? queued : queue_position(tag, session);
  for (auto it = waiters_.begin(); it != position; ++it) {
    if (it->tag == tag && it->session != session && conflicts(it->mode, mode)) in_the_way.push_back(it->session);
  }
  // Queueing changes what later requests see; a granted self-compatible
  // mode does not.
  exec_.touch(lock_resource(tag), in_the_way.empty() ? lock_access(mode) : Access::kWrite);
  if (in_the_way.empty()) {
    if (queued != waiters_.end()) withdraw(tag, session);
    const bool already = std::any_of(held_.begin(), held_.end(), [&](const Held& held) {
      return held.tag == tag && held.mode == mode && held.session == session && held.txn == txn && txn != kNoTxn;
    });
    if (!already) held_.push_back({tag, mode, session, txn});  // each statement re-takes its table locks
    return {};
  }
  if (queued == waiters_.end()) waiters_.insert(position, {tag, mode, session});
  std::sort(in_the_way.begin(), in_the_way.end());
  in_the_way.erase(std::unique(in_the_way.begin(), in_the_way.end()), in_the_way.end());
  return in_the_way;
}

void LockManager::withdraw(const LockTag& tag, SessionId session) {
  auto mine = [&](const Waiter& waiter) { return waiter.tag == tag && waiter.session == session; };
  auto it = std::find_if(waiters_.begin(), waiters_.end(), mine);
  if (it == waiters_.end()) return;
  exec_.touch(lock_resource(tag), Access::kWrite);
  waiters_.erase(it);
  wake(tag);  // those queued behind may go now
}

WaitQueue& LockManager::queue(const LockTag& tag) {
  for (Queue& each : queues_) {
    if (each.tag == tag) return *each.waiting;
  }
  queues_.push_back({tag, std::make_unique<WaitQueue>(exec_)});
  return *queues_.back().waiting;
}

bool LockManager::holds(const LockTag& tag, SessionId session) const {
  return std::any_of(held_.begin(), held_.end(), [&](const Held& held) {
    return held.tag == tag && held.session == session && live(held);
  });
}

bool LockManager::holds_conflicting(const LockTag& tag, SessionId session, LockMode mode) const {
  return std::any_of(held_.begin(), held_.end(), [&](const Held& held) {
    return held.tag == tag && held.session == session && live(held) && conflicts(held.mode, mode);
  });
}

std::vector<LockManager::Waiter>::iterator LockManager::queue_position(const LockTag& tag, SessionId session) {
  if (!holds(tag, session)) return waiters_.end();
  return std::find_if(waiters_.begin(), waiters_.end(), [&](const Waiter& waiter) {
    return waiter.tag == tag && waiter.session != session && holds_conflicting(tag, session, waiter.mode);
  });
}

std::optional<SessionId> LockManager::deadlocked_at_once(const LockTag& tag, LockMode mode, SessionId session) const {
  if (!holds(tag, session)) return std::nullopt;
  for (const Waiter& waiter : waiters_) {
    if (waiter.tag != tag || waiter.session == session) continue;
    // Must the waiter wait for us? Then we queue in front of it, unless we
    // must wait for it too.
    if (holds_conflicting(tag, session, waiter.mode)) {
      if (holds_conflicting(tag, waiter.session, mode)) return waiter.session;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool LockManager::release_session_lock(const LockTag& tag, SessionId session) {
  auto it = std::find_if(held_.begin(), held_.end(), [&](const Held& held) {
    return held.tag == tag && held.session == session && held.txn == kNoTxn;
  });
  if (it == held_.end()) return false;
  exec_.touch(lock_resource(tag), Access::kWrite);
  held_.erase(it);
  wake(tag);
  return true;
}

void LockManager::release_session(SessionId session) {
  std::vector<LockTag> released;
  const auto session_lock = [&](const Held& held) {
    if (held.session != session || held.txn != kNoTxn) return false;
    released.push_back(held.tag);
    return true;
  };
  held_.erase(std::remove_if(held_.begin(), held_.end(), session_lock), held_.end());
  std::erase_if(waiters_, [&](const Waiter& waiter) {
    if (waiter.session != session) return false;
    exec_.touch(lock_resource(waiter.tag), Access::kWrite);
    return true;
  });
  for (const LockTag& tag : released) {
    exec_.touch(lock_resource(tag), Access::kWrite);
    wake(tag);
  }
}

void LockManager::transaction_ended(TxnId top) {
  auto& released = released_;
  released.clear();
  const auto ended = [&](const Held& held) {
    if (held.txn == kNoTxn || live(held)) return false;
    if (txns_.top(held.txn) == top) {
      released.push_back(held.tag);
      exec_.touch(lock_resource(held.tag), lock_access(held.mode));
    }
    return true;  // also drops locks of subtransactions rolled back earlier
  };
  held_.erase(std::remove_if(held_.begin(), held_.end(), ended), held_.end());
  for (const LockTag& tag : released) wake(tag);
}

void LockManager::wake(const LockTag& tag) {
  for (Queue& each : queues_) {
    if (each.tag == tag) each.waiting->notify_all();
  }
}

}  // namespace interleave::model::db
