#include "backends/pg/server_mirror.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/execution.h"
#include "backends/pg/conninfo_secrets.h"
#include "backends/pg/final_tables.h"
#include "backends/pg/mirror_session.h"
#include "model/world.h"

namespace interleave::impl::pg {

ServerMirror::ServerMirror(MirrorOptions options) : options_(std::move(options)) {}

ServerMirror::~ServerMirror() { close_database(); }

void ServerMirror::world_built(model::World& world) {
  statements_.clear();
  divergence_.reset();
  failure_.reset();
  unreplayable_.reset();
  sessions_.clear();
  try {
    stop_if_interrupted();
    if (database_) {
      // The last schedule's database, emptied: creating one per schedule
      // cost the most of a server schedule.
      try {
        database_->reset();
      } catch (const model::db::DbError&) {
        close_database();  // a fresh one below
      }
    }
    if (!database_) {
      database_ = options_.database.empty()
                      ? std::make_unique<PgDatabase>(options_.dsn, model::app_tables())
                      : std::make_unique<PgDatabase>(options_.dsn, model::app_tables(),
                                                     ScratchDatabase{options_.database});
      monitor_ = std::make_unique<WaitMonitor>(database_->conninfo(), options_.wait_limit);
    }
  } catch (const std::exception& error) {
    // Reported once the schedule is over: no actor runs anything before.
    failure_ = fmt::format("cannot set up a database on the server: {}", without_passwords(error.what(), options_.dsn));
    close_database();
    world.db.wrap_sessions([this, &world](std::unique_ptr<model::db::ModelSession> session)
                               -> std::unique_ptr<model::db::Session> {
      lose(world.exec, *failure_);
      return session;
    });
    return;
  }
  world.db.wrap_sessions([this, &world](std::unique_ptr<model::db::ModelSession> session) {
    return std::make_unique<MirrorSession>(std::move(session), *this, world.exec);
  });
}

void ServerMirror::world_finished(const model::World& world) noexcept {
  // A schedule the server cannot follow ends with other tables: not a divergence.
  if (database_ && !failure_ && !divergence_ && !unreplayable_) {
    try {
      if (auto difference = first_difference(model_table_lines(world.db), server_table_lines(*database_))) {
        divergence_ = "final tables: " + *difference;
      }
    } catch (const std::exception& error) {
      failure_ = fmt::format("reading the final tables: {}", error.what());
    }
  }
  // Kept for the next schedule (reset there), unless the server failed.
  if (failure_) close_database();
}

std::unique_ptr<SessionWorker> ServerMirror::take_worker() {
  if (idle_workers_.empty()) return std::make_unique<SessionWorker>(database_->connect());
  std::unique_ptr<SessionWorker> worker = std::move(idle_workers_.back());
  idle_workers_.pop_back();
  return worker;
}

void ServerMirror::give_back(std::unique_ptr<SessionWorker> worker) { idle_workers_.push_back(std::move(worker)); }

void ServerMirror::diverge(Execution& exec, std::string message) {
  if (!divergence_ && !failure_ && !unreplayable_) divergence_ = message;
  exec.diverge("on PostgreSQL: " + std::move(message));
}

void ServerMirror::lose(Execution& exec, std::string message) {
  note_failure(message);
  exec.diverge("PostgreSQL failed: " + std::move(message));
}

void ServerMirror::note_failure(std::string message) noexcept {
  if (!failure_) failure_ = std::move(message);
}

void ServerMirror::closed(const MirrorSession& session) {
  sessions_.erase(std::remove(sessions_.begin(), sessions_.end(), &session), sessions_.end());
}

void ServerMirror::check_held_waiters(const MirrorSession& sender, Execution& exec) {
  std::vector<const MirrorSession*> held;
  for (const MirrorSession* session : sessions_) {
    if (session != &sender && session->held_by_model_only()) held.push_back(session);
  }
  if (held.empty()) return;
  // A woken waiter that has not resumed yet may be the one whose resuming
  // lets the others go (a row's lock passes from waiter to waiter as each
  // resumes): the model is only wrong when every one of them stays parked.
  auto woken = std::find_if(held.begin(), held.end(),
                            [&](const MirrorSession* session) { return !exec.parked(session->actor()); });
  if (woken == held.end()) {
    diverge(exec, fmt::format("step {}, {}: the server let {} go on ({}); the model still makes it wait", exec.steps(),
                              exec.actor_info(exec.current()).name, exec.actor_info(held.front()->actor()).name,
                              held.front()->statement()));
    return;  // unwinding already, unless the execution was stopping
  }
  if (!unreplayable_) {
    unreplayable_ = fmt::format(
        "step {}: the schedule runs {} while {}, whose wait the server ended at once, has not resumed ({}); a "
        "server cannot delay a waiter it let go, so this schedule is not replayable there",
        exec.steps(), exec.actor_info(exec.current()).name, exec.actor_info((*woken)->actor()).name,
        (*woken)->statement());
  }
  exec.not_replayable("not replayable on PostgreSQL: " + *unreplayable_);
}

bool ServerMirror::another_waiter_went_first(const MirrorSession& waiter, const std::vector<int>& blockers,
                                             Execution& exec) {
  if (blockers.empty()) return false;
  const MirrorSession* first = nullptr;
  for (int pid : blockers) {
    const MirrorSession* session = session_of(pid);
    // The server finished the blocker's statement (it took the row); in the
    // model it waited and has not finished: still parked, or woken after the
    // model let `waiter` go on (by its progress: the head of a row's queue
    // hands the tuple lock on). One woken with `waiter`, by the same commit,
    // is not this: the model's queue would have ordered the two.
    if (session == nullptr || !session->held_by_model_only()) return false;
    const ActorId blocker = session->actor();
    if (!exec.parked(blocker) && !waiter.was_waiting_at_resume(blocker)) return false;
    if (first == nullptr) first = session;
  }
  if (!unreplayable_) {
    unreplayable_ = fmt::format(
        "step {}: one commit released {} and {}, which waited for the same row; the model let {} go on, the server "
        "granted it to {} first ({}); which waiter PostgreSQL wakes first is its timing's, so this schedule is not "
        "replayable there",
        exec.steps(), exec.actor_info(waiter.actor()).name, exec.actor_info(first->actor()).name,
        exec.actor_info(waiter.actor()).name, exec.actor_info(first->actor()).name, waiter.statement());
  }
  exec.not_replayable("not replayable on PostgreSQL: " + *unreplayable_);
  return true;
}

const MirrorSession* ServerMirror::session_of(int pid) const {
  auto session = std::find_if(sessions_.begin(), sessions_.end(),
                              [pid](const MirrorSession* candidate) { return candidate->backend_pid() == pid; });
  return session == sessions_.end() ? nullptr : *session;
}

std::vector<ActorId> ServerMirror::parked_actors(const Execution& exec) const {
  std::vector<ActorId> parked;
  for (const MirrorSession* session : sessions_) {
    if (exec.parked(session->actor())) parked.push_back(session->actor());
  }
  return parked;
}

std::string ServerMirror::describe_blockers(const std::vector<int>& blockers, const Execution& exec) const {
  // Names only: a divergence's message is its identity when it is shrunk,
  // and what each blocker was doing there is the server's timing.
  std::vector<std::string> names;
  for (int pid : blockers) {
    const MirrorSession* session = session_of(pid);
    names.push_back(session == nullptr ? fmt::format("server process {}, not one of this run's", pid)
                                       : exec.actor_info(session->actor()).name);
  }
  if (names.empty()) return "nothing the server names";
  return fmt::format("{}", fmt::join(names, ", "));
}

void ServerMirror::close_database() noexcept {
  idle_workers_.clear();
  monitor_.reset();
  database_.reset();
}

}  // namespace interleave::impl::pg
