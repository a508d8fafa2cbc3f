#pragma once
// Who waits for whom among db sessions, for PostgreSQL's deadlock check.
//
// PostgreSQL checks for a deadlock once per lock wait, deadlock_timeout
// (1 s) after the wait began, and the session whose check runs first after
// a cycle formed is the one that fails (40P01). Here virtual time plays the
// clock: a waiting session's check is due at its start + 1 s; when several
// checks of one cycle fall due at the same instant, the one that started
// waiting first is the victim, whoever the scheduler lets run first.

#include <cstdint>
#include <optional>
#include <vector>

#include "model/db/transactions.h"

namespace interleave::model::db {

inline constexpr std::int64_t kDeadlockTimeoutMs = 1000;

class WaitGraph {
 public:
  // The session's check is due deadlock_timeout after the wait began (SET
  // deadlock_timeout; 1 s by default).
  void start_waiting(SessionId session, std::vector<SessionId> blockers, std::int64_t now_ms,
                     std::int64_t deadlock_timeout_ms = kDeadlockTimeoutMs);
  void update_blockers(SessionId session, std::vector<SessionId> blockers);
  void stop_waiting(SessionId session);
  std::int64_t check_due(SessionId session) const;
  bool check_pending(SessionId session) const;
  // Runs `session`'s deadlock check at `now_ms`: true when it is the victim
  // of a cycle. A session checks once per wait.
  bool check(SessionId session, std::int64_t now_ms);

 private:
  struct Waiting {
    SessionId session;
    std::vector<SessionId> blockers;
    std::int64_t check_at;
    std::uint64_t sequence;  // order of waits starting, for ties
    bool checked = false;
  };
  const Waiting* find(SessionId session) const;
  Waiting* find(SessionId session);
  // The sessions on a cycle through `from`, or empty.
  std::vector<SessionId> cycle_through(SessionId from) const;

  std::vector<Waiting> waiting_;
  std::uint64_t sequence_ = 0;
};

}  // namespace interleave::model::db
