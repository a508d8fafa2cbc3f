#pragma once
// Tells, from a connection of its own, whether the statements running on a
// set of SessionWorkers are waiting on a lock — as PostgreSQL's
// isolationtester does, with pg_isolation_test_session_is_blocked(pid,
// every session's pid) — and settles the server between two steps of a
// schedule: returns once every running statement has finished or waits on a
// lock, and a whole pass saw none finish (a finishing statement may release
// a lock whose waiter then finishes or waits again). So a statement's
// completion is attributed to the step that caused it, whatever the
// server's timing.
//
// Settling costs no query while statements finish: the monitor waits for a
// worker's job to end (FinishSignal) and asks the server only when none
// ended for a while, all running statements in one query, looking again
// after a pause that doubles while nothing changes.
//
// Every failure to reach the server is thrown as ServerLost, and so is an
// interruption (interruption.h) noticed while waiting.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "backends/pg/session_worker.h"

namespace interleave::impl::pg {

// The server (or the monitor's connection to it) is gone, or did not answer
// within the wait limit: an infrastructure failure, not a finding.
struct ServerLost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ServerLost when SIGINT or SIGTERM arrived.
void stop_if_interrupted();

class WaitMonitor {
 public:
  // wait_limit: how long a statement may take to finish or block, far beyond
  // any lock_timeout or deadlock_timeout a scenario uses.
  WaitMonitor(const std::string& conninfo, std::chrono::milliseconds wait_limit);

  // The workers whose statements count: as waiters and as blockers.
  void add(SessionWorker& worker);
  void remove(const SessionWorker& worker);

  void settle();
  // Whether the worker's running statement waits on a lock of another worker.
  bool is_blocked(const SessionWorker& worker);
  // The backends that the worker's statement waits for (pg_blocking_pids).
  std::vector<int> blockers(const SessionWorker& worker);
  // Waits for the worker's statement to finish, within the wait limit.
  void await_finished(SessionWorker& worker);
  // Cancels the worker's running statement (pg_cancel_backend) and waits for
  // it to return; terminates its backend if it does not.
  void cancel(SessionWorker& worker);
  // Waits until the backend of a closed connection has exited, so the locks
  // it held are released before the schedule goes on.
  void await_backend_gone(int pid);

 private:
  // Whether every one of the workers' running statements waits on a lock.
  bool all_blocked(const std::vector<const SessionWorker*>& running);
  std::string pids_of(const std::vector<const SessionWorker*>& workers) const;
  [[noreturn]] void lost(const std::exception& error) const;

  std::chrono::milliseconds wait_limit_;
  pqxx::connection monitor_;
  std::shared_ptr<FinishSignal> finishes_ = std::make_shared<FinishSignal>();
  std::vector<SessionWorker*> workers_;
};

}  // namespace interleave::impl::pg
