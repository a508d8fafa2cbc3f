#pragma once
// A connection run in lockstep on the model and on a real server: the db
// port as a ServerMirror hands it to the services (server_mirror.h).
//
// Each statement goes to the model session, whose scheduling point decides
// when it runs; at that point (StatementObserver::statement_started) the
// same statement leaves for the server on this connection's SessionWorker,
// and the monitor settles the server. Then:
//   - the model parks it and the server ran it at once, or the reverse: a
//     fidelity divergence (who waits is part of the interleaving);
//   - both finished: the outcomes (value, or SQLSTATE) must be the same,
//     else a divergence; the service gets the server's outcome.
// A divergence stops the execution (Execution::diverge); a server that
// cannot be reached stops it as an infrastructure failure.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/pg/session_worker.h"
#include "model/db/model_session.h"
#include "model/db/statement_observer.h"

namespace interleave::impl::pg {

class ServerMirror;

class MirrorSession final : public model::db::Session, private model::db::StatementObserver {
 public:
  MirrorSession(std::unique_ptr<model::db::ModelSession> model, ServerMirror& mirror, Execution& exec);
  // Rolls back on the server, closes the connection and waits for its
  // backend to exit, as the model releases everything at once.
  ~MirrorSession() override;

  ActorId actor() const { return actor_; }
  // The server backend of its connection; 0 while it has none.
  int backend_pid() const;
  // The model parks this connection's statement, and the server has
  // finished it already.
  bool held_by_model_only() const;
  // The statement in flight, for messages.
  const std::string& statement() const;
  // `actor`'s statement was parked in the model when the model last let
  // this session's statement go on from a wait.
  bool was_waiting_at_resume(ActorId actor) const;

  // Each statement of the text in lockstep, as a call of its own; the
  // results must agree in columns, rows, command tag and notices.
  model::db::SqlResult execute(std::string_view sql, const std::vector<model::db::Value>& params) override;

  std::vector<model::db::Row> select(const model::db::TableName& table, const model::db::Conditions& where,
                                     model::db::RowLock lock) override;
  std::int64_t insert(const model::db::TableName& table, const model::db::Assignments& values) override;
  std::int64_t update(const model::db::TableName& table, const model::db::Assignments& set,
                      const model::db::Conditions& where) override;
  std::int64_t remove(const model::db::TableName& table, const model::db::Conditions& where) override;
  void savepoint(std::string_view name) override;
  void rollback_to_savepoint(std::string_view name) override;
  void release_savepoint(std::string_view name) override;
  void set_search_path(const std::vector<std::string>& schemas) override;
  void set_lock_timeout(std::int64_t ms) override;
  void create_schema(std::string_view schema) override;
  void create_table(std::string_view schema, const model::db::TableDef& def) override;
  void drop_schema(std::string_view schema, bool cascade, bool if_exists) override;
  void advisory_xact_lock(std::int64_t key) override;
  bool try_advisory_xact_lock(std::int64_t key) override;
  void advisory_lock(std::int64_t key) override;
  bool advisory_unlock(std::int64_t key) override;

 protected:
  void commit_transaction() override;
  void rollback_transaction() override;

 private:
  // Runs `call` on both sessions as described above; `text` names the
  // statement in the mirror's log and in divergences.
  template <typename Result, typename Call>
  Result mirrored(std::string text, Call call);
  // The same for a statement that returns nothing.
  template <typename Call>
  void mirrored_statement(std::string text, Call call);

  // After the model finished the statement: checks who waited and waits
  // for the server's outcome (a divergence stops the execution here).
  void settle_server(const std::optional<model::db::DbError>& model_error);
  // Cancels the server's statement if it still runs. Never throws.
  void abandon() noexcept;

  void statement_started() override;
  void statement_blocked() override;
  // Notes which other sessions' statements the model still held when it let
  // this one go on (ServerMirror::another_waiter_went_first).
  void statement_resumed() override;
  // An injected fault broke the model's connection: the server's
  // transaction ends the same way (COMMIT or ROLLBACK) at the same step, so
  // its locks go when the model's do. The server's connection stays open
  // (closing it is not needed: the model sends nothing more on it).
  void connection_broken(bool committed) override;

  std::unique_ptr<model::db::ModelSession> model_;
  ServerMirror& mirror_;
  Execution& exec_;
  const ActorId actor_;
  std::unique_ptr<SessionWorker> worker_;
  // The statement in flight: what to send at its scheduling point, and what
  // each side did with it.
  SessionWorker::Job pending_;
  const std::string* pending_text_ = nullptr;
  bool sent_ = false;
  std::uint32_t sent_at_step_ = 0;
  bool server_waited_ = false;
  bool model_waited_ = false;
  bool in_flight_ = false;  // between statement_started and the model's return
  std::vector<ActorId> waiting_at_resume_;  // see was_waiting_at_resume
};

}  // namespace interleave::impl::pg
