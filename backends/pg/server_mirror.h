#pragma once
// Runs a schedule's db statements on a real PostgreSQL server in lockstep
// with the model (DESIGN.md §7): the WorldObserver a replay or an
// exploration hands to the scenario program. A mirror creates one database
// (a PgDatabase: its tables, dropped with the mirror) and empties it before
// each further schedule (PgDatabase::reset); each model connection gets a
// server connection (MirrorSession), and the final tables of both are
// compared at the end of each schedule. A closed connection's server
// connection, with its thread, waits in a pool for the next one (in this
// schedule or a later one): opening a connection costs a server process
// and an authentication, most of a short schedule's time.
//
// What the server did differently is a fidelity divergence: the first one
// is kept with both sides and stops the schedule. A server that cannot be
// reached is a failure of the infrastructure, kept apart.
//
// Example:
//   ServerMirror mirror({.dsn = ""});
//   auto result = replay(scenarios::program_factory(scenario, variant, nullptr, &mirror), trace);
//   if (mirror.failure()) ... exit 3;  if (mirror.divergence()) ... exit 4;

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/pg/interruption.h"
#include "backends/pg/pg_database.h"
#include "backends/pg/pg_session.h"
#include "backends/pg/session_worker.h"
#include "backends/pg/wait_monitor.h"
#include "harness/choice.h"
#include "model/world_observer.h"

namespace interleave {
class Execution;
}

namespace interleave::impl::pg {

class MirrorSession;

struct MirrorOptions {
  std::string dsn;  // a libpq connection string; empty: the PG* environment
  // An existing database to run in (a ScratchDatabase, pg_database.h);
  // empty: a database of the run's own, dropped at its end.
  std::string database;
  // How long a statement may take to finish or block on the server.
  std::chrono::milliseconds wait_limit{30'000};
};

// One statement as the two backends ran it.
struct MirroredStatement {
  std::uint32_t step = 0;
  std::string actor;
  std::string statement;
  std::string model;   // "id 3", "2 rows", "error 23505: duplicate key ..."
  std::string server;
  bool model_waited = false;
  bool server_waited = false;
};

class ServerMirror final : public model::WorldObserver {
 public:
  explicit ServerMirror(MirrorOptions options);
  ~ServerMirror() override;

  void world_built(model::World& world) override;
  void world_finished(const model::World& world) noexcept override;

  // Of the last schedule:
  const std::vector<MirroredStatement>& statements() const { return statements_; }
  const std::optional<std::string>& divergence() const { return divergence_; }
  const std::optional<std::string>& failure() const { return failure_; }
  // Set when the schedule delays a waiter whose wait the server had already
  // ended: legal on PostgreSQL (the waiter's backend may be descheduled),
  // but a server cannot be made to do it, so the schedule is not replayable
  // there. Not a divergence: the model is right to explore it.
  const std::optional<std::string>& unreplayable() const { return unreplayable_; }

  // --- for MirrorSession ---
  WaitMonitor& monitor() { return *monitor_; }
  // A pooled connection's worker, or one on a new connection. Throws DbError.
  std::unique_ptr<SessionWorker> take_worker();
  // A worker whose session was made reusable (PgSession::make_reusable), idle.
  void give_back(std::unique_ptr<SessionWorker> worker);
  void note(MirroredStatement statement) { statements_.push_back(std::move(statement)); }
  // Keeps the first divergence and stops the execution.
  void diverge(Execution& exec, std::string message);
  // Keeps the failure and stops the execution.
  void lose(Execution& exec, std::string message);
  // Keeps the failure only: for destructors, which cannot stop anything.
  void note_failure(std::string message) noexcept;
  // The connections open now, in opening order.
  void opened(MirrorSession& session) { sessions_.push_back(&session); }
  void closed(const MirrorSession& session);
  // Before `sender` sends a statement: a connection whose statement the
  // model still holds while the server has finished it stops the schedule
  // (a divergence while the model keeps every such connection parked;
  // unreplayable once the model has woken one and the schedule runs
  // someone else first).
  void check_held_waiters(const MirrorSession& sender, Execution& exec);
  // `waiter`'s statement, which the model let go on, still waits on the
  // server for `blockers`. When every blocker is a session whose statement
  // the server finished while the model made it wait and has not finished
  // it (still parked, or woken only after the model let `waiter` go on), one
  // commit released both and the server granted the lock to the other
  // first: PostgreSQL's choice among waiters
  // it wakes together is its timing's (a waiter re-queues for an updated
  // row's newest version), the model takes its queue's head. Then the
  // schedule is not replayable there (the run stops; true); otherwise false.
  bool another_waiter_went_first(const MirrorSession& waiter, const std::vector<int>& blockers, Execution& exec);
  // Who the server makes a statement wait for, for a divergence message:
  // "agent-1, agent-3".
  std::string describe_blockers(const std::vector<int>& blockers, const Execution& exec) const;
  // The actors of this run's sessions whose statements the model parks now.
  std::vector<ActorId> parked_actors(const Execution& exec) const;

 private:
  // This run's session whose server connection is process `pid`, or null.
  const MirrorSession* session_of(int pid) const;
  void close_database() noexcept;

  MirrorOptions options_;
  InterruptionGuard interruption_;  // Ctrl-C ends the schedule; the database is still dropped
  std::unique_ptr<PgDatabase> database_;  // of the schedule running now
  std::unique_ptr<WaitMonitor> monitor_;
  std::vector<std::unique_ptr<SessionWorker>> idle_workers_;  // of database_
  std::vector<MirroredStatement> statements_;
  std::optional<std::string> divergence_;
  std::optional<std::string> failure_;
  std::optional<std::string> unreplayable_;
  std::vector<MirrorSession*> sessions_;
};

}  // namespace interleave::impl::pg
