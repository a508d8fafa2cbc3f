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

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "backends/pg/pg_session.h"

namespace interleave::impl::pg {

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
  std::thread thread_;            // last: starts once the rest is built
};

}  // namespace interleave::impl::pg
