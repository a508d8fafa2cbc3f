#include "model/db/model_session.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/db/resources.h"
#include "model/db/sql_text.h"

namespace interleave::model::db {

namespace {
constexpr std::string_view kAbortedMessage =
    "current transaction is aborted, commands ignored until end of transaction block";
// libpq's words for a connection that broke under a statement, and for one
// used after it broke.
constexpr std::string_view kBrokenMessage = "server closed the connection unexpectedly";
constexpr std::string_view kLostMessage = "connection to the server was lost";
}  // namespace

ModelSession::ModelSession(Database& db, Execution& exec)
    : db_(db), exec_(exec), id_(db.open_session(exec.current())) {}

ModelSession::~ModelSession() {
  // A closed connection aborts its transaction and drops its session locks.
  // No scheduling point: this also runs while an actor unwinds.
  if (top_ != kNoTxn) {
    touch_transaction_writes();
    db_.txns_.end(top_, TxnStatus::kAborted);
    db_.locks_.transaction_ended(top_);
  }
  db_.locks_.release_session(id_);
  db_.waits_.stop_waiting(id_);
}

// --- the statement frame ---

TxnId ModelSession::begin_statement(const char* op, const std::string& text, WhenAborted when_aborted) {
  exec_.scheduling_point();
  return open_statement(op, text, when_aborted);
}

TxnId ModelSession::open_statement(const char* op, const std::string& text, WhenAborted when_aborted) {
  op_ = op;
  // Refused before the statement leaves: a broken connection sends nothing.
  if (connection_broken_) fail(sqlstate::kConnectionFailure, std::string(kLostMessage), text);
  // Mid-transaction only: a lost connection outside one is a failed
  // connect, which the services do not distinguish from this.
  if (top_ != kNoTxn && !aborted_ && db_.fault_injector_ &&
      db_.fault_injector_->inject(workflows::FaultKind::kConnectionLost)) {
    break_connection(workflows::FaultKind::kConnectionLost, false, text);
  }
  if (observer_) observer_->statement_started();
  statement_started_ms_ = exec_.now_ms();
  if (aborted_ && when_aborted == WhenAborted::kRefuse) {
    fail(sqlstate::kInFailedTransaction, std::string(kAbortedMessage), text);
  }
  if (top_ == kNoTxn) {
    top_ = current_ = db_.txns_.begin(id_, exec_.current());
  }
  return current_;
}

void ModelSession::break_connection(workflows::FaultKind kind, bool committed, const std::string& text) {
  end_transaction(committed ? TxnStatus::kCommitted : TxnStatus::kAborted);
  connection_broken_ = true;
  if (observer_) observer_->connection_broken(committed);
  if (exec_.recording()) {
    const bool at_commit = kind == workflows::FaultKind::kCommitOutcomeUnknown;
    exec_.record(std::string(workflows::fault_event_op(kind)),
                 fmt::format("injected fault: the connection broke {} {}", at_commit ? "after" : "during", text),
                 committed ? "the transaction committed; the client is not told"
                           : "the server rolled the transaction back");
  }
  fail(sqlstate::kConnectionFailure, std::string(kBrokenMessage), text);
}

DbError ModelSession::failed(DbError error, const std::string& text) {
  if (top_ != kNoTxn && !aborted_) abort_current();
  if (exec_.recording()) exec_.record(op_, text, fmt::format("error {}: {}", error.sqlstate(), error.what()));
  return error;
}

const std::vector<std::string>& ModelSession::Settings::search_path() const {
  static const std::vector<std::string> kDefault{"public"};
  return search_path_set ? *search_path_set : kDefault;
}

std::optional<std::int64_t> ModelSession::statement_deadline() const {
  if (settings_.statement_timeout_ms <= 0) return std::nullopt;
  return statement_started_ms_ + settings_.statement_timeout_ms;
}

void ModelSession::succeed(std::string_view text, std::string_view result) {
  if (exec_.recording()) exec_.record(op_, std::string(text), std::string(result));
}

void ModelSession::cancel_waiting_statement() {
  if (waiting_) exec_.interrupt(db_.session_actor(id_));
}

WakeReason ModelSession::park_in_statement(WaitQueue* queue, std::span<const ActorId> blockers, WaitLabel what,
                                           std::optional<std::int64_t> deadline_ms) {
  waiting_ = true;
  const WakeReason woken = exec_.park(queue, blockers, what, deadline_ms);
  waiting_ = false;
  return woken;
}

void ModelSession::fail_cancelled(const std::string& text, std::string_view what) {
  fail(sqlstate::kQueryCanceled, "canceling statement due to user request", text,
       fmt::format("while waiting for {}", what));
}

void ModelSession::touch(ResourceId resource, Access access) {
  exec_.touch(resource, access);
  if (access == Access::kWrite && exec_.footprints() &&
      std::find(transaction_writes_.begin(), transaction_writes_.end(), resource) == transaction_writes_.end()) {
    transaction_writes_.push_back(resource);
  }
}

void ModelSession::touch_transaction_writes() {
  for (ResourceId resource : transaction_writes_) exec_.touch(resource, Access::kWrite);
}

void ModelSession::abort_current() {
  touch_transaction_writes();
  aborted_ = true;
  db_.txns_.end(current_, TxnStatus::kAborted);
  db_.locks_.transaction_ended(top_);
}

void ModelSession::end_transaction(TxnStatus status) {
  touch_transaction_writes();
  transaction_writes_.clear();
  if (top_ != kNoTxn) {
    db_.txns_.end(top_, status);
    db_.locks_.transaction_ended(top_);
  }
  if (status == TxnStatus::kCommitted && session_settings_) {
    committed_settings_ = *session_settings_;  // SET LOCAL values end here
    settings_ = committed_settings_;
  } else if (status == TxnStatus::kCommitted) {
    committed_settings_ = settings_;
  } else {
    settings_ = committed_settings_;
  }
  session_settings_.reset();
  top_ = current_ = kNoTxn;
  aborted_ = false;
  savepoints_.clear();
}

void ModelSession::commit_transaction() {
  const std::string text = "COMMIT";
  exec_.scheduling_point();
  op_ = "db.commit";
  if (connection_broken_) fail(sqlstate::kConnectionFailure, std::string(kLostMessage), text);
  if (top_ != kNoTxn && !aborted_ && db_.fault_injector_ &&
      db_.fault_injector_->inject(workflows::FaultKind::kCommitOutcomeUnknown)) {
    break_connection(workflows::FaultKind::kCommitOutcomeUnknown, db_.fault_injector_->draw_committed(), text);
  }
  if (observer_) observer_->statement_started();
  // As PostgreSQL: COMMIT of a failed transaction rolls it back.
  const bool failed = aborted_;
  end_transaction(failed ? TxnStatus::kAborted : TxnStatus::kCommitted);
  succeed(text, failed ? "ROLLBACK" : "COMMIT");
}

void ModelSession::rollback_transaction() {
  exec_.scheduling_point();
  op_ = "db.rollback";
  if (connection_broken_) {
    // As PgSession and SQLAlchemy: the server rolled it back already.
    succeed("ROLLBACK", "nothing to roll back: the connection is broken");
    return;
  }
  if (observer_) observer_->statement_started();
  end_transaction(TxnStatus::kAborted);
  succeed("ROLLBACK", "ROLLBACK");
}

// --- savepoints: subtransactions ---

void ModelSession::savepoint(std::string_view name) {
  const std::string text = exec_.recording() ? fmt::format("SAVEPOINT {}", name) : std::string();
  begin_statement("db.savepoint", text);
  savepoint_in_statement(name, text);
}

void ModelSession::savepoint_in_statement(std::string_view name, const std::string& text) {
  current_ = db_.txns_.begin_sub(current_);
  savepoints_.push_back({std::string(name), current_, settings_});
  succeed(text, "SAVEPOINT");
}

void ModelSession::rollback_to_savepoint(std::string_view name) {
  const std::string text = exec_.recording() ? fmt::format("ROLLBACK TO SAVEPOINT {}", name) : std::string();
  // Allowed in an aborted transaction: it is how one recovers.
  begin_statement("db.rollback_to_savepoint", text, WhenAborted::kAllow);
  rollback_to_savepoint_in_statement(name, text);
}

void ModelSession::rollback_to_savepoint_in_statement(std::string_view name, const std::string& text) {
  const std::size_t level = savepoint_level(name, text);
  touch_transaction_writes();
  db_.txns_.end(savepoints_[level].subtransaction, TxnStatus::kAborted);  // and those nested in it
  db_.locks_.transaction_ended(top_);
  savepoints_.resize(level + 1);
  // The savepoint stays, with a fresh subtransaction.
  const TxnId parent = level == 0 ? top_ : savepoints_[level - 1].subtransaction;
  savepoints_[level].subtransaction = current_ = db_.txns_.begin_sub(parent);
  settings_ = savepoints_[level].settings;
  aborted_ = false;
  succeed(text, "ROLLBACK");
}

// The newest savepoint of that name (a repeated name shadows older ones).
std::size_t ModelSession::savepoint_level(std::string_view name, const std::string& text) {
  for (std::size_t level = savepoints_.size(); level-- > 0;) {
    if (savepoints_[level].name == name) return level;
  }
  fail(sqlstate::kInvalidSavepoint, fmt::format("savepoint \"{}\" does not exist", name), text);
}

void ModelSession::release_savepoint(std::string_view name) {
  const std::string text = exec_.recording() ? fmt::format("RELEASE SAVEPOINT {}", name) : std::string();
  begin_statement("db.release_savepoint", text);
  release_savepoint_in_statement(name, text);
}

void ModelSession::release_savepoint_in_statement(std::string_view name, const std::string& text) {
  const std::size_t level = savepoint_level(name, text);
  // Released subtransactions stay open and follow their parent.
  savepoints_.resize(level);
  current_ = level == 0 ? top_ : savepoints_[level - 1].subtransaction;
  succeed(text, "RELEASE");
}

// --- settings ---

void ModelSession::set_search_path(const std::vector<std::string>& schemas) {
  const std::string text = exec_.recording() ? search_path_text(schemas) : std::string();
  begin_statement("db.set", text);
  std::vector<std::string>& path = settings_.search_path_set.emplace();
  for (const std::string& schema : schemas) path.emplace_back(truncated_identifier(schema));
  succeed(text, "SET");
}

void ModelSession::set_lock_timeout(std::int64_t ms) {
  const std::string text = exec_.recording() ? fmt::format("SET lock_timeout = {}", ms) : std::string();
  begin_statement("db.set", text);
  settings_.lock_timeout_ms = ms;
  succeed(text, "SET");
}

// --- advisory locks ---

void ModelSession::advisory_xact_lock(std::int64_t key) {
  const std::string text = exec_.recording() ? fmt::format("SELECT pg_advisory_xact_lock({})", key) : std::string();
  const TxnId me = begin_statement("db.advisory_lock", text);
  acquire_lock({LockTag::Kind::kAdvisory, key}, LockMode::kExclusive, me, "advisory lock", text);
  succeed(text, "locked");
}

bool ModelSession::try_advisory_xact_lock(std::int64_t key) {
  const std::string text =
      exec_.recording() ? fmt::format("SELECT pg_try_advisory_xact_lock({})", key) : std::string();
  const TxnId me = begin_statement("db.advisory_lock", text);
  const LockTag tag{LockTag::Kind::kAdvisory, key};
  const bool granted = db_.locks_.try_acquire(tag, LockMode::kExclusive, id_, me).empty();
  if (!granted) db_.locks_.withdraw(tag, id_);
  succeed(text, granted ? "true" : "false");
  return granted;
}

void ModelSession::advisory_lock(std::int64_t key) {
  const std::string text = exec_.recording() ? fmt::format("SELECT pg_advisory_lock({})", key) : std::string();
  begin_statement("db.advisory_lock", text);
  acquire_lock({LockTag::Kind::kAdvisory, key}, LockMode::kExclusive, kNoTxn, "advisory lock", text);
  succeed(text, "locked");
}

bool ModelSession::advisory_unlock(std::int64_t key) {
  const std::string text = exec_.recording() ? fmt::format("SELECT pg_advisory_unlock({})", key) : std::string();
  begin_statement("db.advisory_unlock", text);
  const bool released = db_.locks_.release_session_lock({LockTag::Kind::kAdvisory, key}, id_);
  succeed(text, released ? "true" : "false");
  return released;
}

// --- waiting ---

void ModelSession::park_for_lock(Wait& wait, const LockTag& tag, LockMode mode, std::vector<SessionId> in_the_way,
                                 WaitLabel what, bool first_wait) {
  if (first_wait) {
    if (const std::optional<SessionId> other = db_.locks_.deadlocked_at_once(tag, mode, id_)) {
      const std::string& me = exec_.actor_info(exec_.current()).name;
      fail(sqlstate::kDeadlockDetected, "deadlock detected", wait.text(),
           fmt::format("{} waits for {} ({}), which waits for {}.", me, actor_names({*other}), what.text(), me));
    }
  }
  wait.park(db_.locks_.queue(tag), std::move(in_the_way), what);
}

void ModelSession::acquire_lock(const LockTag& tag, LockMode mode, TxnId owner, WaitLabel what,
                                const std::string& text) {
  Wait wait(*this, text);
  for (bool first = true;; first = false) {
    std::vector<SessionId> in_the_way = db_.locks_.try_acquire(tag, mode, id_, owner);
    if (in_the_way.empty()) return;
    try {
      park_for_lock(wait, tag, mode, std::move(in_the_way), what, first);
    } catch (...) {
      db_.locks_.withdraw(tag, id_);
      throw;
    }
  }
}

std::string ModelSession::actor_names(const std::vector<SessionId>& sessions) const {
  std::string names;
  for (SessionId session : sessions) {
    names += (names.empty() ? "" : ", ") + exec_.actor_info(db_.session_actor(session)).name;
  }
  return names;
}

ModelSession::Wait::~Wait() {
  if (started_) session_.db_.waits_.stop_waiting(session_.id_);
}

void ModelSession::Wait::park_for_transaction(TxnId txn, WaitLabel what) {
  park(session_.db_.txns_.end_queue(txn), {session_.db_.txns_.session(txn)}, what);
}

void ModelSession::Wait::park(WaitQueue& queue, std::vector<SessionId> blockers, WaitLabel what) {
  ModelSession& s = session_;
  s.exec_.touch(wait_graph_resource(), Access::kWrite);
  const std::int64_t now = s.exec_.now_ms();
  if (!started_) {
    started_ = true;
    if (s.settings_.lock_timeout_ms > 0) lock_deadline_ = now + s.settings_.lock_timeout_ms;
    s.db_.waits_.start_waiting(s.id_, blockers, now, s.settings_.deadlock_timeout_ms);
    if (s.observer_) s.observer_->statement_blocked();
    if (s.exec_.recording()) s.exec_.record(s.op_, text_, "blocked: waits for " + s.actor_names(blockers));
  } else {
    s.db_.waits_.update_blockers(s.id_, blockers);
  }
  const std::optional<std::int64_t> statement_deadline = s.statement_deadline();
  std::optional<std::int64_t> deadline = lock_deadline_;
  if (statement_deadline) deadline = deadline ? std::min(*deadline, *statement_deadline) : *statement_deadline;
  if (s.db_.waits_.check_pending(s.id_)) {
    const std::int64_t check = s.db_.waits_.check_due(s.id_);
    deadline = deadline ? std::min(*deadline, check) : check;
  }
  std::vector<ActorId> actors;
  for (SessionId blocker : blockers) actors.push_back(s.db_.session_actor(blocker));
  const WakeReason woken = s.park_in_statement(&queue, actors, what, deadline);
  if (s.observer_) s.observer_->statement_resumed();
  if (woken == WakeReason::kNotified) return;
  if (woken == WakeReason::kInterrupted) s.fail_cancelled(text_, what.text());
  const std::int64_t woke = s.exec_.now_ms();
  // As PostgreSQL: when both timeouts are due, the one whose deadline came
  // first is reported. A tie in virtual time goes to the statement timeout:
  // on the server its timer started with the statement, before the wait's.
  const bool lock_due = lock_deadline_ && woke >= *lock_deadline_;
  if (statement_deadline && woke >= *statement_deadline && (!lock_due || *statement_deadline <= *lock_deadline_)) {
    s.fail(sqlstate::kQueryCanceled, "canceling statement due to statement timeout", text_,
           fmt::format("while waiting for {}", what.text()));
  }
  if (lock_due) {
    s.fail(sqlstate::kLockNotAvailable, "canceling statement due to lock timeout", text_,
           fmt::format("while waiting for {}", what.text()));
  }
  if (s.db_.waits_.check(s.id_, woke)) {
    s.fail(sqlstate::kDeadlockDetected, "deadlock detected", text_,
           fmt::format("{} waits for {} ({}), which waits for {}.", s.exec_.actor_info(s.exec_.current()).name,
                       s.actor_names(blockers), what.text(), s.exec_.actor_info(s.exec_.current()).name));
  }
}

}  // namespace interleave::model::db
