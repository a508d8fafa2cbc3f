#pragma once
// One PgSession on a thread of its own, running one job (a statement) at a
// time: a statement that waits on a server lock blocks this thread only,
// while the schedule goes on with the other actors' connections.
//
// Example:
//   SessionWorker worker(database.connect());
//   worker.start([&](PgSession& session) { rows = session.select("tenants", {}); });
//   ... monitor.settle() ...
//   if (worker.finished()) use(rows);

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "backends/pg/pg_session.h"

namespace interleave::impl::pg {

// Counts the jobs finished on a set of workers, so that one thread can wait
// for whichever finishes first (WaitMonitor::settle) instead of polling.
class FinishSignal {
 public:
  std::uint64_t count() const;
  // Waits until count() differs from `seen` or `limit` passes; returns count().
  std::uint64_t await_change(std::uint64_t seen, std::chrono::microseconds limit);
  void notify();

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t count_ = 0;  // guarded by mutex_
};

class SessionWorker {
 public:
  // The job catches what it needs; whatever escapes it is kept for rethrow().
  using Job = std::function<void(PgSession&)>;

  explicit SessionWorker(std::unique_ptr<PgSession> session);
  // Joins the thread. Requires: no job running (cancel it on the server first).
  ~SessionWorker();
  SessionWorker(const SessionWorker&) = delete;
  SessionWorker& operator=(const SessionWorker&) = delete;

  int pid() const { return pid_; }
  // Requires: idle (no job started that has not finished).
  void start(Job job);
  // Whether a started job is still running (on the server, or waiting there).
  bool running() const;
  // Waits until the running job finishes or `limit` passes; true when it finished.
  bool await(std::chrono::milliseconds limit);
  // What escaped the last job, or null.
  std::exception_ptr escaped() const;
  // Notified whenever a job finishes from now on (null: nobody). Shared:
  // the worker and the one who waits may go in either order.
  void notify_finishes(std::shared_ptr<FinishSignal> signal);

 private:
  void serve();

  std::unique_ptr<PgSession> session_;  // used by the thread only
  const int pid_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;  // the thread: a job or quit
  std::condition_variable done_;  // the owner: the job finished
  Job job_;                       // guarded by mutex_
  bool running_ = false;          // guarded by mutex_
  bool quit_ = false;             // guarded by mutex_
  std::exception_ptr escaped_;    // guarded by mutex_
  std::shared_ptr<FinishSignal> finishes_;  // guarded by mutex_
  std::thread thread_;            // last: starts once the rest is built
};

}  // namespace interleave::impl::pg
