#include "backends/pg/wait_monitor.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <pqxx/nontransaction>

#include "backends/pg/interruption.h"
#include "backends/pg/pg_errors.h"

namespace interleave::impl::pg {

namespace {

using Clock = std::chrono::steady_clock;
// How long settle() first waits for a running statement to finish before it
// asks the server whether it waits on a lock, and the longest pause between
// two looks: most statements finish within the first; a wait shows in
// pg_locks within about 0.1–2 ms (DESIGN.md §10); isolationtester polls
// every 10 ms.
constexpr auto kFirstPause = std::chrono::microseconds(200);
constexpr auto kLongestPause = std::chrono::microseconds(2000);
// Between two looks at a closing backend.
constexpr auto kPollInterval = std::chrono::microseconds(500);

constexpr auto kInterruptionCheck = std::chrono::milliseconds(50);

}  // namespace

void stop_if_interrupted() {
  if (const int signal = interruption_signal()) {
    throw ServerLost(fmt::format("interrupted by signal {}", signal));
  }
}

WaitMonitor::WaitMonitor(const std::string& conninfo, std::chrono::milliseconds wait_limit)
    : wait_limit_(wait_limit), monitor_(open_connection(conninfo)) {
  monitor_.prepare("is_blocked", "SELECT pg_catalog.pg_isolation_test_session_is_blocked($1, $2)");
  monitor_.prepare("all_blocked",
                   "SELECT bool_and(pg_catalog.pg_isolation_test_session_is_blocked(p, $2)) "
                   "FROM unnest($1::integer[]) AS p");
  monitor_.prepare("blockers", "SELECT pg_catalog.unnest(pg_catalog.pg_blocking_pids($1))");
  monitor_.prepare("backend_alive", "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE pid = $1");
}

void WaitMonitor::add(SessionWorker& worker) {
  workers_.push_back(&worker);
  worker.notify_finishes(finishes_);
}

void WaitMonitor::remove(const SessionWorker& worker) {
  auto found = std::find(workers_.begin(), workers_.end(), &worker);
  if (found == workers_.end()) return;
  (*found)->notify_finishes(nullptr);
  workers_.erase(found);
}

void WaitMonitor::settle() {
  const auto deadline = Clock::now() + wait_limit_;
  auto pause = kFirstPause;
  for (;;) {
    stop_if_interrupted();
    const std::uint64_t finished = finishes_->count();
    std::vector<const SessionWorker*> running;
    for (const SessionWorker* worker : workers_) {
      if (worker->running()) running.push_back(worker);
    }
    if (running.empty()) return;  // nothing left that could release or wait
    if (finishes_->await_change(finished, pause) != finished) {
      pause = kFirstPause;  // something finished: what it released may run now
      continue;
    }
    if (all_blocked(running) && finishes_->count() == finished) return;
    if (Clock::now() > deadline) {
      throw ServerLost(fmt::format("the server did not settle within {} ms", wait_limit_.count()));
    }
    pause = std::min(pause * 2, std::chrono::duration_cast<std::chrono::microseconds>(kLongestPause));
  }
}

bool WaitMonitor::all_blocked(const std::vector<const SessionWorker*>& running) {
  try {
    pqxx::nontransaction sql(monitor_);
    const auto row = sql.exec_prepared1("all_blocked", pids_of(running), pids_of({workers_.begin(), workers_.end()}));
    return !row[0].is_null() && row[0].as<bool>();
  } catch (const std::exception& error) {
    lost(error);
  }
}

bool WaitMonitor::is_blocked(const SessionWorker& worker) {
  if (!worker.running()) return false;
  try {
    pqxx::nontransaction sql(monitor_);
    return sql.exec_prepared1("is_blocked", worker.pid(), pids_of({workers_.begin(), workers_.end()}))[0].as<bool>();
  } catch (const std::exception& error) {
    lost(error);
  }
}

std::vector<int> WaitMonitor::blockers(const SessionWorker& worker) {
  std::vector<int> pids;
  try {
    pqxx::nontransaction sql(monitor_);
    for (const auto& row : sql.exec_prepared("blockers", worker.pid())) pids.push_back(row[0].as<int>());
  } catch (const std::exception& error) {
    lost(error);
  }
  return pids;
}

void WaitMonitor::await_finished(SessionWorker& worker) {
  const auto deadline = Clock::now() + wait_limit_;
  while (Clock::now() < deadline) {
    if (worker.await(kInterruptionCheck)) return;
    stop_if_interrupted();
  }
  throw ServerLost(fmt::format("a statement of backend {} still runs after {} ms", worker.pid(), wait_limit_.count()));
}

void WaitMonitor::cancel(SessionWorker& worker) {
  for (const char* signal : {"pg_cancel_backend", "pg_terminate_backend"}) {
    if (!worker.running()) return;
    try {
      pqxx::nontransaction sql(monitor_);
      sql.exec_params(fmt::format("SELECT pg_catalog.{}($1)", signal), worker.pid());
    } catch (const std::exception& error) {
      lost(error);
    }
    if (worker.await(wait_limit_)) return;
  }
  throw ServerLost(fmt::format("backend {} ignored cancel and terminate", worker.pid()));
}

void WaitMonitor::await_backend_gone(int pid) {
  const auto deadline = Clock::now() + wait_limit_;
  for (;;) {
    stop_if_interrupted();
    try {
      pqxx::nontransaction sql(monitor_);
      if (sql.exec_prepared1("backend_alive", pid)[0].as<int>() == 0) return;
    } catch (const std::exception& error) {
      lost(error);
    }
    if (Clock::now() > deadline) {
      throw ServerLost(fmt::format("backend {} still alive {} ms after its connection closed", pid,
                                   wait_limit_.count()));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string WaitMonitor::pids_of(const std::vector<const SessionWorker*>& workers) const {
  std::string pids;
  for (const SessionWorker* worker : workers) pids += fmt::format("{}{}", pids.empty() ? "" : ",", worker->pid());
  return "{" + pids + "}";
}

void WaitMonitor::lost(const std::exception& error) const {
  throw ServerLost(fmt::format("lost the monitor connection: {}", error.what()));
}

}  // namespace interleave::impl::pg
