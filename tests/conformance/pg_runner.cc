#include "tests/conformance/pg_runner.h"

#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "backends/pg/pg_database.h"
#include "backends/pg/pg_session.h"
#include "backends/pg/session_worker.h"
#include "backends/pg/wait_monitor.h"
#include "tests/conformance/player.h"

namespace interleave::conformance {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = 1ms;

// Each session a SessionWorker (its own thread), the waits told and the
// server settled by a WaitMonitor: the same machinery the lockstep replay
// on a server uses (backends/pg/server_mirror.h).
class PgDriver final : public SessionDriver {
 public:
  PgDriver(impl::pg::PgDatabase& database, std::size_t sessions, std::chrono::milliseconds wait_limit)
      : wait_limit_(wait_limit), monitor_(database.conninfo(), wait_limit) {
    for (std::size_t i = 0; i < sessions; ++i) {
      workers_.push_back(std::make_unique<impl::pg::SessionWorker>(database.connect()));
      monitor_.add(*workers_.back());
    }
    running_.resize(sessions);
    outcomes_.resize(sessions);
    settled_.resize(sessions);
  }

  // A step still running here can only be a failed run's: cancel it, so
  // that its thread returns and can be joined.
  ~PgDriver() override {
    for (auto& worker : workers_) {
      try {
        monitor_.cancel(*worker);
      } catch (const std::exception&) {
        // The backend is gone already, or the monitor is: the thread returns either way.
      }
    }
  }

  void start(std::size_t session, const Step& step) override {
    running_[session] = &step;
    auto outcome = std::make_shared<std::string>();
    outcomes_[session] = outcome;
    workers_[session]->start([&step, outcome](impl::pg::PgSession& pg) { *outcome = outcome_of(step, pg); });
    settle();
  }

  void await_completion() override {
    const auto deadline = Clock::now() + wait_limit_;
    while (!collect_outcomes()) {
      if (Clock::now() > deadline) {
        throw RunFailure("still waiting after " + limit_text() + ": " + running_steps());
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    settle();
  }

  std::optional<std::string> take_outcome(std::size_t session) override {
    return std::exchange(settled_[session], std::nullopt);
  }

 private:
  void settle() {
    try {
      monitor_.settle();
    } catch (const impl::pg::ServerLost&) {
      throw RunFailure("not settled after " + limit_text() + ": " + running_steps());
    }
    collect_outcomes();
  }

  // Moves finished steps' outcomes to settled_; true when there was one.
  bool collect_outcomes() {
    bool any = false;
    for (std::size_t session = 0; session < workers_.size(); ++session) {
      if (!running_[session] || workers_[session]->running()) continue;
      settled_[session] = std::move(*outcomes_[session]);
      running_[session] = nullptr;
      any = true;
    }
    return any;
  }

  std::string running_steps() const {
    std::string names;
    for (const Step* step : running_) {
      if (step) names += (names.empty() ? "" : ", ") + step->name;
    }
    return names;
  }

  std::string limit_text() const { return std::to_string(wait_limit_.count()) + " ms"; }

  const std::chrono::milliseconds wait_limit_;
  impl::pg::WaitMonitor monitor_;
  std::vector<std::unique_ptr<impl::pg::SessionWorker>> workers_;  // by session
  std::vector<const Step*> running_;                               // by session: its step until it finished
  std::vector<std::shared_ptr<std::string>> outcomes_;             // by session: written by its worker
  std::vector<std::optional<std::string>> settled_;                // by session: outcomes the player has not taken
};

}  // namespace

std::vector<std::string> run_on_postgres(const Permutation& permutation, const PgRunOptions& options) {
  impl::pg::PgDatabase database(options.dsn, permutation.tables);
  std::vector<std::string> transcript;
  if (auto failure = run_setup(permutation, *database.connect())) {
    transcript.push_back(failure_line(*failure));
    return transcript;
  }
  PgDriver driver(database, permutation.sessions.size(), options.wait_limit);
  play(permutation, driver, transcript);
  return transcript;
}

}  // namespace interleave::conformance
