#include "tests/conformance/pg_runner.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <utility>

#include "impl/pg/pg_database.h"
#include "impl/pg/pg_session.h"
#include "tests/conformance/player.h"

namespace interleave::conformance {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = 1ms;

// One session on a thread of its own, running one step at a time.
class SessionThread {
 public:
  explicit SessionThread(std::unique_ptr<impl::pg::PgSession> session)
      : session_(std::move(session)), pid_(session_->backend_pid()), thread_([this] { serve(); }) {}
  ~SessionThread() {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  SessionThread(const SessionThread&) = delete;
  SessionThread& operator=(const SessionThread&) = delete;

  int pid() const { return pid_; }
  void start(const Step& step) {
    {
      std::lock_guard lock(mutex_);
      step_ = &step;
    }
    wake_.notify_one();
  }
  // The outcome once the step finished; nullopt while it runs.
  std::optional<std::string> take_outcome() {
    std::lock_guard lock(mutex_);
    return std::exchange(outcome_, std::nullopt);
  }

 private:
  void serve() {
    for (;;) {
      const Step* step = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return step_ || quit_; });
        if (!step_) return;
        step = std::exchange(step_, nullptr);
      }
      std::string outcome = outcome_of(*step, *session_);
      std::lock_guard lock(mutex_);
      outcome_ = std::move(outcome);
    }
  }

  std::unique_ptr<impl::pg::PgSession> session_;  // used by the thread only
  const int pid_;
  std::mutex mutex_;
  std::condition_variable wake_;
  const Step* step_ = nullptr;          // guarded by mutex_
  std::optional<std::string> outcome_;  // guarded by mutex_
  bool quit_ = false;                   // guarded by mutex_
  std::thread thread_;                  // last: starts once the rest is built
};

class PgDriver final : public SessionDriver {
 public:
  PgDriver(impl::pg::PgDatabase& database, std::size_t sessions, std::chrono::milliseconds wait_limit)
      : wait_limit_(wait_limit), monitor_(database.conninfo()) {
    std::string pids;
    for (std::size_t i = 0; i < sessions; ++i) {
      threads_.push_back(std::make_unique<SessionThread>(database.connect()));
      pids += (i == 0 ? "" : ",") + std::to_string(threads_.back()->pid());
    }
    all_pids_ = "{" + pids + "}";
    running_.resize(sessions);
    settled_.resize(sessions);
    monitor_.prepare("is_blocked", "SELECT pg_catalog.pg_isolation_test_session_is_blocked($1, $2)");
  }

  // A step still running here can only be a failed run's: end its backend,
  // so that its thread returns and can be joined.
  ~PgDriver() override {
    for (std::size_t session = 0; session < threads_.size(); ++session) {
      if (!running_[session]) continue;
      try {
        pqxx::nontransaction sql(monitor_);
        sql.exec_params("SELECT pg_catalog.pg_terminate_backend($1)", threads_[session]->pid());
      } catch (const std::exception&) {
        // The backend is gone already, or the monitor is: the thread returns either way.
      }
    }
  }

  void start(std::size_t session, const Step& step) override {
    running_[session] = &step;
    threads_[session]->start(step);
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
  // Returns once a whole pass saw every running step blocked on a lock and
  // no step finishing (a finishing step may release someone's lock).
  void settle() {
    const auto deadline = Clock::now() + wait_limit_;
    for (;;) {
      const bool finished_before = collect_outcomes();
      const bool all_blocked = every_running_step_blocked();
      const bool finished_during = collect_outcomes();
      if (!finished_before && all_blocked && !finished_during) return;
      if (Clock::now() > deadline) {
        throw RunFailure("not settled after " + limit_text() + ": " + running_steps());
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  bool every_running_step_blocked() {
    for (std::size_t session = 0; session < threads_.size(); ++session) {
      if (running_[session] && !is_blocked(session)) return false;
    }
    return true;
  }

  // Moves finished steps' outcomes to settled_; true when there was one.
  bool collect_outcomes() {
    bool any = false;
    for (std::size_t session = 0; session < threads_.size(); ++session) {
      if (!running_[session]) continue;
      if (auto outcome = threads_[session]->take_outcome()) {
        settled_[session] = std::move(outcome);
        running_[session] = nullptr;
        any = true;
      }
    }
    return any;
  }

  bool is_blocked(std::size_t session) {
    pqxx::nontransaction sql(monitor_);
    return sql.exec_prepared1("is_blocked", threads_[session]->pid(), all_pids_)[0].as<bool>();
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
  pqxx::connection monitor_;
  std::string all_pids_;                                 // the sessions' backend pids as an int[] literal
  std::vector<std::unique_ptr<SessionThread>> threads_;  // by session
  std::vector<const Step*> running_;                     // by session: its step until it finished
  std::vector<std::optional<std::string>> settled_;      // by session: outcomes the player has not taken
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
