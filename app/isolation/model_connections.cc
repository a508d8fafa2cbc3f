#include "app/isolation/model_connections.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/isolation/connections.h"
#include "app/isolation/permutations.h"
#include "app/isolation/result_table.h"
#include "app/isolation/statement_split.h"
#include "app/isolation/tester.h"
#include "app/isolation/value_text.h"
#include "harness/execution.h"
#include "harness/program.h"
#include "harness/vector_strategy.h"
#include "harness/wait_queue.h"
#include "model/db/database.h"
#include "model/db/error.h"
#include "model/db/model_session.h"
#include "model/db/statement_observer.h"

namespace interleave::app::isolation {

namespace {

using model::db::Session;

constexpr std::string_view kFeatureNotSupported = "0A000";

// A result as isolationtester prints it: a table for a statement that
// returns rows, nothing for a command.
std::string result_text(const model::db::SqlResult& result) {
  if (!result.returns_rows) return "";
  TextTable table;
  for (const model::db::SqlColumn& column : result.columns) table.columns.push_back(column.name);
  for (const auto& row : result.rows) {
    auto& cells = table.rows.emplace_back();
    for (std::size_t c = 0; c < row.size() && c < result.columns.size(); ++c) {
      cells.push_back(value_text(row[c], result.columns[c].type));
    }
  }
  return print_table(table);
}

// A notice as libpq's notice processor gets it: "SEVERITY:  message\n".
// The front-end gives a NOTICE's message alone and other severities with
// theirs ("WARNING:  there is no transaction in progress").
std::string notice_line(const std::string& notice) {
  for (const char* severity : {"WARNING:  ", "NOTICE:  ", "INFO:  ", "LOG:  ", "DEBUG:  "}) {
    if (notice.starts_with(severity)) return notice + "\n";
  }
  return "NOTICE:  " + notice + "\n";
}

// Runs a block's statements one after the other until one fails, as the
// server runs a simple query. True when the model could not express one.
bool run_block(Session& session, const ExecuteSql& execute, const std::string& sql,
               const std::function<void(Received)>& receive) {
  for (const std::string& statement : split_statements(sql)) {
    try {
      model::db::SqlResult result = execute(session, statement);
      for (const std::string& notice : result.notices) {
        receive({Received::Kind::kNotice, notice_line(notice)});
      }
      receive({Received::Kind::kResult, result_text(result)});
    } catch (const model::db::DbError& error) {
      receive({Received::Kind::kError, std::string("ERROR:  ") + error.what() + "\n"});
      return error.sqlstate() == kFeatureNotSupported;
    } catch (const std::exception& error) {
      // A bug of the model, shown where it happened; the run goes on.
      receive({Received::Kind::kError, std::string("ERROR:  internal error in the model: ") + error.what() + "\n"});
      return false;
    }
  }
  return false;
}

// What the driver and one session actor share.
struct Mailbox {
  explicit Mailbox(Execution& exec) : wakeup(exec) {}
  WaitQueue wakeup;  // the session actor parks here while idle
  ActorId actor = kNoActor;
  std::optional<std::string> sql;  // handed to the actor, not yet taken
  bool busy = false;               // from handing sql until its last statement ended
  bool blocked = false;            // the running statement waited for a lock
  model::db::ModelSession* session = nullptr;  // what a cancel reaches
  std::vector<Received> received;
  bool quit = false;
};

// Tells the driver when a session's statement starts waiting for a lock.
class WaitWatch final : public model::db::StatementObserver {
 public:
  WaitWatch(Mailbox& mailbox, WaitQueue& driver) : mailbox_(mailbox), driver_(driver) {}
  void statement_started() override { mailbox_.blocked = false; }
  void statement_blocked() override {
    mailbox_.blocked = true;
    driver_.notify_one();
  }
  void statement_resumed() override {}
  // Isolation specs inject no faults.
  void connection_broken(bool) override {}

 private:
  Mailbox& mailbox_;
  WaitQueue& driver_;
};

class ModelConnections final : public Connections {
 public:
  ModelConnections(Execution& exec, std::vector<std::unique_ptr<Mailbox>>& mailboxes, WaitQueue& wakeup,
                   Session& control, const ExecuteSql& execute, std::size_t& unsupported)
      : exec_(exec),
        mailboxes_(mailboxes),
        wakeup_(wakeup),
        control_(control),
        execute_(execute),
        unsupported_(unsupported) {}

  std::vector<Received> run(std::size_t connection, const std::string& sql) override {
    if (connection == 0) {
      std::vector<Received> received;
      if (run_block(control_, execute_, sql, [&](Received item) { received.push_back(std::move(item)); })) {
        ++unsupported_;
      }
      return received;
    }
    send(connection, sql);
    while (busy(connection)) wait_for_progress(std::nullopt);
    return take_received(connection);
  }

  void send(std::size_t connection, const std::string& sql) override {
    Mailbox& mailbox = box(connection);
    mailbox.sql = sql;
    mailbox.busy = true;
    mailbox.blocked = false;
    mailbox.wakeup.notify_one();
    // Every session has a lower actor id than the driver: this returns once
    // all of them are idle or parked.
    exec_.scheduling_point();
  }

  bool busy(std::size_t connection) override { return box(connection).busy; }
  bool lock_waiting(std::size_t connection) override { return box(connection).busy && box(connection).blocked; }

  bool wait_for_progress(std::optional<std::int64_t> deadline_ms) override {
    std::vector<ActorId> busy;
    for (const auto& mailbox : mailboxes_) {
      if (mailbox->busy) busy.push_back(mailbox->actor);
    }
    try {
      // Nothing else runs now: time moves to the next timer, if any.
      return exec_.park(&wakeup_, busy, "a running step to finish", deadline_ms) != WakeReason::kTimedOut;
    } catch (const ExecutionCancelled&) {
      throw StuckError("every session with a running step waits for a lock and no timer is due: the step can never "
                       "finish");
    }
  }

  std::int64_t now_ms() override { return exec_.now_ms(); }

  void cancel(std::size_t connection) override {
    Mailbox& mailbox = box(connection);
    if (mailbox.busy && mailbox.session != nullptr) mailbox.session->cancel_waiting_statement();
  }

  std::vector<Received> take_received(std::size_t connection) override {
    return std::exchange(box(connection).received, {});
  }

 private:
  Mailbox& box(std::size_t connection) { return *mailboxes_[connection - 1]; }

  Execution& exec_;
  std::vector<std::unique_ptr<Mailbox>>& mailboxes_;  // connection n is [n - 1]
  WaitQueue& wakeup_;                                 // the driver parks here
  Session& control_;
  const ExecuteSql& execute_;
  std::size_t& unsupported_;
};

class SpecProgram final : public Program {
 public:
  SpecProgram(const Spec& spec, const ExecuteSql& execute, std::int64_t max_step_wait_ms, ModelRun& result)
      : spec_(spec), execute_(execute), max_step_wait_ms_(max_step_wait_ms), result_(result) {}

  void start(Execution& exec) override {
    database_ = std::make_unique<model::db::Database>(exec, std::span<const model::db::TableDef* const>{});
    driver_wakeup_ = std::make_unique<WaitQueue>(exec);
    for (const SpecSession& session : spec_.sessions) {
      auto& mailbox = *mailboxes_.emplace_back(std::make_unique<Mailbox>(exec));
      mailbox.actor = exec.spawn({.name = session.name, .kind = "session"}, [this, &mailbox] { serve(mailbox); });
    }
    // Spawned last: the highest actor id runs only when the sessions cannot.
    driver_ = exec.spawn({.name = "isolationtester", .kind = "driver"}, [this, &exec] { drive(exec); });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }

 private:
  void serve(Mailbox& mailbox) {
    std::unique_ptr<Session> session = database_->connect();
    WaitWatch watch(mailbox, *driver_wakeup_);
    if (auto* model_session = dynamic_cast<model::db::ModelSession*>(session.get())) {
      model_session->observe(&watch);
      mailbox.session = model_session;
    }
    const ActorId blockers[] = {driver_};
    for (;;) {
      while (!mailbox.sql && !mailbox.quit) mailbox.wakeup.wait(blockers, "the next step");
      if (!mailbox.sql) {  // quit; the session's destructor rolls back what is open
        mailbox.session = nullptr;
        return;
      }
      const std::string sql = *std::exchange(mailbox.sql, std::nullopt);
      const bool unsupported = run_block(*session, execute_, sql, [&](Received item) {
        mailbox.received.push_back(std::move(item));
      });
      if (unsupported) ++result_.unsupported_steps;
      mailbox.busy = false;
      mailbox.blocked = false;
      driver_wakeup_->notify_one();
    }
  }

  void drive(Execution& exec) {
    // An actor's first scheduling point does not switch (the choice that
    // started it was that point); spend it here, so that send()'s points
    // let the sessions run.
    exec.scheduling_point();
    {
      std::unique_ptr<Session> control = database_->connect();
      ModelConnections connections(exec, mailboxes_, *driver_wakeup_, *control, execute_, result_.unsupported_steps);
      Tester tester(spec_, connections, result_.out, result_.err, max_step_wait_ms_);
      tester.print_header();
      bool going = true;
      for_each_permutation(spec_, [&](const PlannedPermutation& permutation) {
        ++result_.permutations;
        going = tester.run(permutation);
        return going;
      });
      result_.completed = going;
    }
    if (exec.cancelled()) return;  // the execution stopped under a waiting step
    for (auto& mailbox : mailboxes_) {
      mailbox->quit = true;
      mailbox->wakeup.notify_one();
    }
  }

  const Spec& spec_;
  const ExecuteSql& execute_;
  std::int64_t max_step_wait_ms_;
  ModelRun& result_;
  std::unique_ptr<model::db::Database> database_;
  std::vector<std::unique_ptr<Mailbox>> mailboxes_;  // by session
  std::unique_ptr<WaitQueue> driver_wakeup_;
  ActorId driver_ = kNoActor;
};

}  // namespace

ModelRun run_spec_on_model(const Spec& spec, const ExecuteSql& execute, std::int64_t max_step_wait_ms) {
  ModelRun result;
  // With no values, the vector strategy always runs the lowest runnable
  // actor id: exactly the priority the driver relies on.
  VectorStrategy lowest_id_first({});
  lowest_id_first.begin_schedule(0);
  Execution exec(lowest_id_first, {.max_steps = 4'000'000'000u, .max_time_ms = 30LL * 24 * 3600'000},
                 /*record_events=*/false);
  // Declared after the execution, so its Database goes before it.
  SpecProgram program(spec, execute, max_step_wait_ms, result);
  exec.run(program);
  if (!result.completed && exec.verdict().status != VerdictStatus::kHolds) {
    result.err += "the run stopped: " + exec.verdict().message + "\n";
  }
  return result;
}

}  // namespace interleave::app::isolation
