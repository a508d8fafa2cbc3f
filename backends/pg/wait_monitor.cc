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
// Between two looks at the server: isolationtester polls every 10 ms; the
// monitor sees a wait within about 0.1–2 ms (DESIGN.md §10).
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
  monitor_.prepare("backend_alive", "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE pid = $1");
}

void WaitMonitor::add(SessionWorker& worker) {
  workers_.push_back(&worker);
  was_running_.push_back(false);
}

void WaitMonitor::remove(const SessionWorker& worker) {
  auto found = std::find(workers_.begin(), workers_.end(), &worker);
  if (found == workers_.end()) return;
  was_running_.erase(was_running_.begin() + (found - workers_.begin()));
  workers_.erase(found);
}

void WaitMonitor::settle() {
  const auto deadline = Clock::now() + wait_limit_;
  for (;;) {
    stop_if_interrupted();
    const bool finished_before = any_running_finished();
    bool all_blocked = true;
    for (SessionWorker* worker : workers_) {
      if (worker->running() && !is_blocked(*worker)) {
        all_blocked = false;
        break;
      }
    }
    const bool finished_during = any_running_finished();
    if (!finished_before && all_blocked && !finished_during) return;
    if (Clock::now() > deadline) {
      throw ServerLost(fmt::format("the server did not settle within {} ms", wait_limit_.count()));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

bool WaitMonitor::any_running_finished() {
  bool any = false;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const bool running = workers_[i]->running();
    if (was_running_[i] && !running) any = true;
    was_running_[i] = running;
  }
  return any;
}

bool WaitMonitor::is_blocked(const SessionWorker& worker) {
  if (!worker.running()) return false;
  try {
    pqxx::nontransaction sql(monitor_);
    return sql.exec_prepared1("is_blocked", worker.pid(), all_pids())[0].as<bool>();
  } catch (const std::exception& error) {
    lost(error);
  }
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

std::string WaitMonitor::all_pids() const {
  std::string pids;
  for (const SessionWorker* worker : workers_) pids += fmt::format("{}{}", pids.empty() ? "" : ",", worker->pid());
  return "{" + pids + "}";
}

void WaitMonitor::lost(const std::exception& error) const {
  throw ServerLost(fmt::format("lost the monitor connection: {}", error.what()));
}

}  // namespace interleave::impl::pg
