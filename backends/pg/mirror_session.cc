#include "backends/pg/mirror_session.h"

#include <optional>
#include <variant>

#include <fmt/format.h>

#include "backends/pg/server_mirror.h"
#include "model/db/sql/sql_reader.h"
#include "model/db/sql_text.h"

namespace interleave::impl::pg {

namespace {

using model::db::DbError;
using model::db::Row;
using model::db::Session;

// What one backend did with a statement: a value or an error.
template <typename Result>
struct Outcome {
  std::optional<Result> value;
  std::optional<DbError> error;
};

std::string render(std::monostate) { return "ok"; }
std::string render(bool value) { return value ? "true" : "false"; }
std::string render(std::int64_t value) { return std::to_string(value); }
std::string render(const std::vector<Row>& rows) { return model::db::rows_text(rows); }
std::string render(const model::db::SqlResult& result) {
  std::string text = result.command_tag;
  if (result.returns_rows) {
    std::string names;
    for (const model::db::SqlColumn& column : result.columns) names += (names.empty() ? "" : ", ") + column.name;
    text += " (" + names + ")";
    for (const auto& row : result.rows) {
      std::string values;
      for (const model::db::Value& value : row) values += (values.empty() ? "" : ", ") + model::db::sql_literal(value);
      text += " [" + values + "]";
    }
  }
  for (const std::string& notice : result.notices) text += " NOTICE " + notice;
  return text;
}

template <typename Result>
std::string render(const Outcome<Result>& outcome) {
  if (outcome.error) return fmt::format("error {}: {}", outcome.error->sqlstate(), outcome.error->what());
  return outcome.value ? render(*outcome.value) : "nothing";
}

bool same_value(const std::vector<Row>& a, const std::vector<Row>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].values != b[i].values) return false;
  }
  return true;
}
bool same_value(const model::db::SqlResult& a, const model::db::SqlResult& b) {
  if (a.returns_rows != b.returns_rows || a.rows != b.rows || a.command_tag != b.command_tag ||
      a.notices != b.notices || a.columns.size() != b.columns.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    if (a.columns[i].name != b.columns[i].name || a.columns[i].type != b.columns[i].type) return false;
  }
  return true;
}
template <typename Result>
bool same_value(const Result& a, const Result& b) {
  return a == b;
}

// Errors the two backends raise on a timer of their own — virtual time in
// the model, the server's clock there — so the server may still be waiting
// when the model's timer has fired.
bool ends_a_timed_wait(const std::optional<DbError>& error) {
  return error && (error->sqlstate() == model::db::sqlstate::kDeadlockDetected ||
                   error->sqlstate() == model::db::sqlstate::kLockNotAvailable);
}

template <typename Result>
bool same(const Outcome<Result>& model, const Outcome<Result>& server) {
  if (model.error || server.error) {
    return model.error && server.error && model.error->sqlstate() == server.error->sqlstate();
  }
  return model.value && server.value && same_value(*model.value, *server.value);
}

}  // namespace

MirrorSession::MirrorSession(std::unique_ptr<model::db::ModelSession> model, ServerMirror& mirror, Execution& exec)
    : model_(std::move(model)), mirror_(mirror), exec_(exec), actor_(exec.current()) {
  try {
    worker_ = mirror_.take_worker();
  } catch (const DbError& error) {
    mirror_.lose(exec_, fmt::format("could not connect: {}", error.what()));
    return;  // unwinding already: the session stays unmirrored
  }
  mirror_.monitor().add(*worker_);
  mirror_.opened(*this);
  model_->observe(this);
}

MirrorSession::~MirrorSession() {
  model_->observe(nullptr);
  if (!worker_) return;
  mirror_.closed(*this);
  WaitMonitor& monitor = mirror_.monitor();
  try {
    if (worker_->running()) monitor.cancel(*worker_);
    // The model released everything at once: so must the server, before
    // the schedule goes on. A connection made as good as new is kept for
    // the next one; another is closed, and its backend must exit first.
    auto reusable = std::make_shared<bool>(false);
    worker_->start([reusable](PgSession& session) { *reusable = session.make_reusable(); });
    monitor.await_finished(*worker_);
    monitor.remove(*worker_);
    if (*reusable) {
      mirror_.give_back(std::move(worker_));
    } else {
      const int pid = worker_->pid();
      worker_.reset();
      monitor.await_backend_gone(pid);
    }
    monitor.settle();
  } catch (const std::exception& error) {
    if (worker_) monitor.remove(*worker_);  // else removed before the connection closed
    mirror_.note_failure(fmt::format("closing a connection: {}", error.what()));
  }
}

template <typename Result, typename Call>
Result MirrorSession::mirrored(std::string text, Call call) {
  if (!worker_) return call(static_cast<Session&>(*model_));  // never connected: the run is stopping
  // Shared with the job, which may outlive this frame (the server hangs, or
  // was lost while the job waited for its thread): so `call` owns what it
  // uses (each caller's lambda captures by value), never this frame's data.
  auto server = std::make_shared<Outcome<Result>>();
  pending_ = [server, call](PgSession& session) {
    try {
      server->value.emplace(call(static_cast<Session&>(session)));
    } catch (const DbError& error) {
      server->error.emplace(error);
    }
  };
  pending_text_ = &text;
  sent_ = server_waited_ = model_waited_ = false;
  Outcome<Result> model;
  try {
    try {
      model.value.emplace(call(static_cast<Session&>(*model_)));
    } catch (const DbError& error) {
      model.error.emplace(error);
    }
  } catch (...) {
    // Cancelled (or the model crashed): the server's statement must not outlive it.
    pending_ = nullptr;
    in_flight_ = false;
    abandon();
    throw;
  }
  pending_ = nullptr;
  in_flight_ = false;
  if (!sent_ || exec_.cancelled()) {
    // Refused before its scheduling point, or run while the execution
    // unwinds: the server (if it got it) must finish, nothing is compared.
    abandon();
  } else {
    settle_server(model.error);
    if (const auto escaped = worker_->escaped()) {
      try {
        std::rethrow_exception(escaped);
      } catch (const std::exception& error) {
        mirror_.lose(exec_, fmt::format("{}: the server's client failed: {}", text, error.what()));
      }
    }
    if (server->error && server->error->sqlstate() == model::db::sqlstate::kConnectionFailure) {
      mirror_.lose(exec_, fmt::format("{}: {}", text, server->error->what()));
    }
    mirror_.note({sent_at_step_, exec_.actor_info(exec_.current()).name, text, render(model), render(*server),
                  model_waited_, server_waited_});
    if (!same(model, *server)) {
      mirror_.diverge(exec_, fmt::format("step {}, {}: {}: the model answered {}, the server {}", sent_at_step_,
                                         exec_.actor_info(exec_.current()).name, text, render(model),
                                         render(*server)));
    }
    // The service goes on with what the server said (the same, or the run stopped).
    model = std::move(*server);
  }
  if (model.error) throw *model.error;
  return std::move(*model.value);
}

void MirrorSession::settle_server(const std::optional<model::db::DbError>& model_error) {
  WaitMonitor& monitor = mirror_.monitor();
  try {
    const std::string& text = *pending_text_;
    if (server_waited_ && !model_waited_) {
      monitor.cancel(*worker_);
      mirror_.diverge(exec_, fmt::format("step {}, {}: {}: the server made it wait; the model ran it at once",
                                         sent_at_step_, exec_.actor_info(exec_.current()).name, text));
    }
    if (model_waited_ && !ends_a_timed_wait(model_error) && monitor.is_blocked(*worker_)) {
      const std::vector<int> blockers = monitor.blockers(*worker_);
      monitor.cancel(*worker_);
      if (!mirror_.another_waiter_went_first(*this, blockers, exec_)) {
        mirror_.diverge(exec_, fmt::format("step {}, {}: {}: the model let it go on; the server still makes it wait "
                                           "(for {})",
                                           sent_at_step_, exec_.actor_info(exec_.current()).name, text,
                                           mirror_.describe_blockers(blockers, exec_)));
      }
    }
    monitor.await_finished(*worker_);
    // A timed error may have come late on the server: let what it released settle.
    if (ends_a_timed_wait(model_error)) monitor.settle();
  } catch (const ServerLost& error) {
    mirror_.lose(exec_, error.what());
  }
}

void MirrorSession::abandon() noexcept {
  if (!worker_ || !worker_->running()) return;
  try {
    mirror_.monitor().cancel(*worker_);
  } catch (const std::exception& error) {
    mirror_.note_failure(fmt::format("cancelling a statement: {}", error.what()));
  }
}

int MirrorSession::backend_pid() const { return worker_ ? worker_->pid() : 0; }

bool MirrorSession::held_by_model_only() const {
  return in_flight_ && model_waited_ && worker_ && !worker_->running();
}

const std::string& MirrorSession::statement() const {
  static const std::string kNone;
  return in_flight_ && pending_text_ ? *pending_text_ : kNone;
}

template <typename Call>
void MirrorSession::mirrored_statement(std::string text, Call call) {
  mirrored<std::monostate>(std::move(text), [call](Session& s) {
    call(s);
    return std::monostate{};
  });
}

void MirrorSession::statement_started() {
  if (!pending_) return;
  if (!exec_.cancelled()) mirror_.check_held_waiters(*this, exec_);
  waiting_at_resume_.clear();
  sent_ = in_flight_ = true;
  sent_at_step_ = exec_.steps();
  worker_->start(std::exchange(pending_, nullptr));
  try {
    mirror_.monitor().settle();
    server_waited_ = worker_->running();
  } catch (const ServerLost& error) {
    mirror_.lose(exec_, error.what());
  }
}

void MirrorSession::statement_blocked() {
  model_waited_ = true;
  if (server_waited_ || exec_.cancelled()) return;
  mirror_.diverge(exec_, fmt::format("step {}, {}: {}: the model makes it wait; the server ran it at once",
                                     sent_at_step_, exec_.actor_info(exec_.current()).name, *pending_text_));
}

void MirrorSession::statement_resumed() {
  waiting_at_resume_ = mirror_.parked_actors(exec_);
}

bool MirrorSession::was_waiting_at_resume(ActorId actor) const {
  return std::find(waiting_at_resume_.begin(), waiting_at_resume_.end(), actor) != waiting_at_resume_.end();
}

void MirrorSession::connection_broken(bool committed) {
  if (!worker_ || exec_.cancelled()) return;
  const std::string ending = committed ? "COMMIT" : "ROLLBACK";
  auto server = std::make_shared<Outcome<std::monostate>>();
  worker_->start([committed, server](PgSession& session) {
    try {
      if (committed) {
        session.commit();
      } else {
        session.rollback();
      }
      server->value.emplace();
    } catch (const DbError& error) {
      server->error.emplace(error);
    }
  });
  try {
    mirror_.monitor().await_finished(*worker_);
    mirror_.monitor().settle();
  } catch (const ServerLost& error) {
    mirror_.lose(exec_, error.what());
  }
  const std::string text = fmt::format("{} (the connection broke: an injected fault)", ending);
  const std::string actor = exec_.actor_info(exec_.current()).name;
  mirror_.note({exec_.steps(), actor, text, "ok", render(*server), false, false});
  if (server->error) {
    mirror_.diverge(exec_, fmt::format("step {}, {}: {}: the model ended the transaction, the server answered {}",
                                       exec_.steps(), actor, text, render(*server)));
  }
}

// --- the port, statement by statement ---

model::db::SqlResult MirrorSession::execute(std::string_view sql, const std::vector<model::db::Value>& params) {
  const model::db::sql::Script* script = nullptr;
  try {
    script = &model::db::sql::read_sql(sql);
  } catch (const DbError&) {
    // Text the model refuses: both sides get it whole (the model's error
    // against the server's answer).
    return mirrored<model::db::SqlResult>(std::string(sql), [text = std::string(sql), params](Session& s) {
      return s.execute(text, params);
    });
  }
  model::db::SqlResult result;
  for (const model::db::sql::Statement& statement : script->statements) {
    // The reader's cache keeps statement.text for the thread's life.
    result = mirrored<model::db::SqlResult>(
        statement.text, [&text = statement.text, params](Session& s) { return s.execute(text, params); });
  }
  return result;
}

std::vector<Row> MirrorSession::select(const model::db::TableName& table, const model::db::Conditions& where,
                                       model::db::RowLock lock) {
  return mirrored<std::vector<Row>>(model::db::select_text(table, where, lock),
                                    [table, where, lock](Session& s) { return s.select(table, where, lock); });
}

std::int64_t MirrorSession::insert(const model::db::TableName& table, const model::db::Assignments& values) {
  return mirrored<std::int64_t>(model::db::insert_text(table, values),
                                [table, values](Session& s) { return s.insert(table, values); });
}

std::int64_t MirrorSession::update(const model::db::TableName& table, const model::db::Assignments& set,
                                   const model::db::Conditions& where) {
  return mirrored<std::int64_t>(model::db::update_text(table, set, where),
                                [table, set, where](Session& s) { return s.update(table, set, where); });
}

std::int64_t MirrorSession::remove(const model::db::TableName& table, const model::db::Conditions& where) {
  return mirrored<std::int64_t>(model::db::delete_text(table, where),
                                [table, where](Session& s) { return s.remove(table, where); });
}

void MirrorSession::savepoint(std::string_view name) {
  mirrored_statement(fmt::format("SAVEPOINT {}", name), [name = std::string(name)](Session& s) { s.savepoint(name); });
}

void MirrorSession::rollback_to_savepoint(std::string_view name) {
  mirrored_statement(fmt::format("ROLLBACK TO SAVEPOINT {}", name), [name = std::string(name)](Session& s) {
    s.rollback_to_savepoint(name);
  });
}

void MirrorSession::release_savepoint(std::string_view name) {
  mirrored_statement(fmt::format("RELEASE SAVEPOINT {}", name), [name = std::string(name)](Session& s) {
    s.release_savepoint(name);
  });
}

void MirrorSession::set_search_path(const std::vector<std::string>& schemas) {
  mirrored_statement(model::db::search_path_text(schemas), [schemas](Session& s) { s.set_search_path(schemas); });
}

void MirrorSession::set_lock_timeout(std::int64_t ms) {
  mirrored_statement(fmt::format("SET lock_timeout = {}", ms), [ms](Session& s) { s.set_lock_timeout(ms); });
}

void MirrorSession::create_schema(std::string_view schema) {
  mirrored_statement(model::db::create_schema_text(schema), [schema = std::string(schema)](Session& s) {
    s.create_schema(schema);
  });
}

void MirrorSession::create_table(std::string_view schema, const model::db::TableDef& def) {
  mirrored_statement(model::db::create_table_text(schema, def), [schema = std::string(schema), &def](Session& s) {
    s.create_table(schema, def);  // def outlives the session: the catalog keeps its address
  });
}

void MirrorSession::drop_schema(std::string_view schema, bool cascade, bool if_exists) {
  mirrored_statement(model::db::drop_schema_text(schema, cascade, if_exists),
                     [schema = std::string(schema), cascade, if_exists](Session& s) {
                       s.drop_schema(schema, cascade, if_exists);
                     });
}

void MirrorSession::advisory_xact_lock(std::int64_t key) {
  mirrored_statement(fmt::format("SELECT pg_advisory_xact_lock({})", key),
                     [key](Session& s) { s.advisory_xact_lock(key); });
}

bool MirrorSession::try_advisory_xact_lock(std::int64_t key) {
  return mirrored<bool>(fmt::format("SELECT pg_try_advisory_xact_lock({})", key),
                        [key](Session& s) { return s.try_advisory_xact_lock(key); });
}

void MirrorSession::advisory_lock(std::int64_t key) {
  mirrored_statement(fmt::format("SELECT pg_advisory_lock({})", key), [key](Session& s) { s.advisory_lock(key); });
}

bool MirrorSession::advisory_unlock(std::int64_t key) {
  return mirrored<bool>(fmt::format("SELECT pg_advisory_unlock({})", key),
                        [key](Session& s) { return s.advisory_unlock(key); });
}

void MirrorSession::commit_transaction() {
  mirrored_statement("COMMIT", [](Session& s) { s.commit(); });
}

void MirrorSession::rollback_transaction() {
  mirrored_statement("ROLLBACK", [](Session& s) { s.rollback(); });
}

}  // namespace interleave::impl::pg
