#include "reports/isolation_spec.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {

namespace {

constexpr std::string_view kSetupActor = "setup";

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool is_blocked(const Event& event) { return starts_with(event.result, "blocked"); }
bool ends_transaction(const Event& event) { return event.op == "db.commit" || event.op == "db.rollback"; }

// Events after which a service no longer holds the connection it used: its
// sessions are locals of the call or of the activity attempt.
bool lets_connections_go(const Event& event) {
  return event.op == "call.return" || event.op == "activity.start" || event.op == "activity.end" ||
         event.op == "http.response";
}

// One actor's connection, as far as the trace shows it. The trace records
// statements only: BEGIN is implicit, and closing a connection (which rolls
// back and forgets session settings and locks) leaves no event.
struct Connection {
  bool in_transaction = false;
  bool aborted = false;           // an error aborted the transaction, not yet rolled back
  bool set_pending = false;       // a SET in the open transaction
  bool settings_changed = false;  // a committed SET outlives its transaction
  bool session_locks = false;     // so does pg_advisory_lock
  std::optional<std::size_t> waiting;  // the step of a statement still blocked

  bool needs_close() const { return in_transaction || settings_changed || session_locks; }

  // Undoes what a new connection would not have. A step of its own: after
  // a BEGIN in the same submission, RESET ALL would be transactional.
  std::string close_sql() {
    std::string sql;
    if (in_transaction) sql += "ROLLBACK; ";
    if (settings_changed) sql += "RESET ALL; ";
    if (session_locks) sql += "SELECT pg_advisory_unlock_all(); ";
    *this = {};
    if (!sql.empty()) sql.pop_back();
    return sql;
  }

  // An aborted transaction refuses every statement with 25P02 until a
  // rollback. A statement after an error that the trace shows without
  // 25P02 therefore ran on a new connection: the service let the old one
  // go, which the trace does not show.
  bool replaced_before(const Event& event) const {
    return in_transaction && aborted && !ends_transaction(event) && !starts_with(event.result, "error 25P02") &&
           event.op != "db.rollback_to_savepoint";
  }

  // "BEGIN; " before the first statement of a transaction, as the port sends it.
  std::string begin(const Event& event) {
    if (in_transaction || ends_transaction(event)) return "";
    in_transaction = true;
    return "BEGIN; ";
  }

  // What the statement's final result did to the connection.
  void finish(const Event& event) {
    if (ends_transaction(event)) {
      settings_changed = settings_changed || (set_pending && event.result == "COMMIT");
      in_transaction = aborted = set_pending = false;
    } else if (starts_with(event.result, "error ")) {
      aborted = true;
    } else if (event.op == "db.rollback_to_savepoint") {
      aborted = false;
    } else if (event.op == "db.set") {
      set_pending = true;
    } else if (starts_with(event.text, "SELECT pg_advisory_lock(")) {
      session_locks = true;
    }
  }
};

// [A-Za-z0-9_]+ from an actor's name: "tenant-delete-1/get_tenant_info" ->
// "tenant_delete_1_get_tenant_info".
std::string identifier_of(std::string_view actor) {
  std::string name;
  for (const char c : actor) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (keep) name += c;
    else if (!name.empty() && name.back() != '_') name += '_';
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "s_" + name;
  return name;
}

std::string one_line(std::string text) {
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return text;
}

class SpecBuilder {
 public:
  SpecBuilder(const TraceRecord& trace, const SpecSchema& schema) : trace_(trace), schema_(schema) {}

  IsolationSpec build() {
    // An empty block would fail: isolationtester wants each setup to be a command.
    if (!schema_.app_tables.empty()) spec_.setup.push_back(create_app_tables());
    for (std::size_t i = 0; i < trace_.events.size(); ++i) add_event(i);
    end_setup();
    end_trace();
    spec_.trailing_notes = std::move(notes_);
    spec_.teardown = teardown();
    return std::move(spec_);
  }

 private:
  [[noreturn]] void fail(std::size_t index, const std::string& problem) const {
    throw std::invalid_argument(fmt::format("event {} ({}, {}): {}", index, timeline_label(index),
                                            trace_.events[index].actor_name, problem));
  }

  std::string sql_of(std::size_t index) const {
    const Event& event = trace_.events[index];
    try {
      return spec_sql(event.op, event.text, schema_) + ";";
    } catch (const std::invalid_argument& error) {
      fail(index, fmt::format("its SQL cannot be written for a spec: {}", error.what()));
    }
  }

  std::string create_app_tables() const {
    std::string block;
    for (const std::string& name : schema_.app_tables) {
      const SpecTable* table = schema_.find(name);
      if (table == nullptr) throw std::invalid_argument("the spec schema has no definition of table " + name);
      block += table->create_sql("") + ";\n";
    }
    return block;
  }

  void add_event(std::size_t index) {
    const Event& event = trace_.events[index];
    if (event.op == "db.create_schema") add_schema(event.text.substr(event.text.rfind(' ') + 1));
    if (!starts_with(event.op, "db.")) {
      notes_.push_back(fmt::format("{} {}: {} → {}", timeline_label(index), event.actor_name, one_line(event.text),
                                   one_line(event.result)));
      if (lets_connections_go(event)) close_connection(index);
      return;
    }
    if (event.actor_name == kSetupActor) return add_setup_statement(index);
    actors_started_ = true;
    Connection& connection = connections_[event.actor_name];
    if (connection.waiting) return continue_waiting(index, connection);
    if (connection.replaced_before(event)) add_step(event.actor_name, connection.close_sql(), StepRole::kClose);
    const std::string sql = connection.begin(event) + sql_of(index);
    SpecStep& step = add_step(event.actor_name, sql, StepRole::kStatement);
    step.event = index;
    if (is_blocked(event)) {
      step.blocked = true;
      connection.waiting = spec_.steps.size() - 1;
      return;
    }
    step.result_event = index;
    step.result = event.result;
    connection.finish(event);
  }

  // A blocked statement shows again when it ends (or blocks anew).
  void continue_waiting(std::size_t index, Connection& connection) {
    const Event& event = trace_.events[index];
    SpecStep& step = spec_.steps[*connection.waiting];
    const Event& started = trace_.events[*step.event];
    if (event.op != started.op || event.text != started.text) {
      fail(index, fmt::format("a statement while its statement of event {} still waits", *step.event));
    }
    if (is_blocked(event)) return;
    step.result_event = index;
    step.result = event.result;
    connection.waiting.reset();
    connection.finish(event);
  }

  void add_setup_statement(std::size_t index) {
    const Event& event = trace_.events[index];
    if (actors_started_) fail(index, "a setup statement after the actors' statements; a spec's setup runs first");
    if (is_blocked(event) || starts_with(event.result, "error ")) {
      fail(index, "a setup statement that did not succeed (" + event.result + "); a spec's setup must");
    }
    if (setup_.replaced_before(event)) setup_sql_ += setup_.close_sql() + "\n";
    setup_sql_ += setup_.begin(event) + sql_of(index) + "\n";
    setup_.finish(event);
  }

  void end_setup() {
    if (setup_sql_.empty()) return;
    if (setup_.needs_close()) setup_sql_ += setup_.close_sql() + "\n";
    spec_.setup.push_back(std::move(setup_sql_));
  }

  void close_connection(std::size_t index) {
    const std::string& actor = trace_.events[index].actor_name;
    if (actor == kSetupActor) {
      if (setup_.needs_close()) setup_sql_ += setup_.close_sql() + "\n";
      return;
    }
    auto connection = connections_.find(actor);
    if (connection == connections_.end() || !connection->second.needs_close()) return;
    if (connection->second.waiting) fail(index, "the call ended while its statement still waits");
    add_step(actor, connection->second.close_sql(), StepRole::kClose);
  }

  // Rolls back what the trace leaves open, so that statements still waiting
  // complete and the teardown is not blocked; waiting sessions go last, as
  // isolationtester first waits for a session's running step.
  void end_trace() {
    for (const bool waiting : {false, true}) {
      for (const SpecSession& session : spec_.sessions) {
        Connection& connection = connections_[session.actor];
        if (connection.in_transaction && connection.waiting.has_value() == waiting) {
          add_step(session.actor, "ROLLBACK;", StepRole::kEnd);
        }
      }
    }
  }

  void add_schema(std::string schema) {
    if (std::find(schemas_.begin(), schemas_.end(), schema) == schemas_.end()) schemas_.push_back(std::move(schema));
  }

  std::string teardown() const {
    std::string block;
    for (const std::string& schema : schemas_) {
      block += "DROP SCHEMA IF EXISTS " + quote_identifier(schema) + " CASCADE;\n";
    }
    std::string tables;
    for (auto name = schema_.app_tables.rbegin(); name != schema_.app_tables.rend(); ++name) {
      tables += (tables.empty() ? "" : ", ") + quote_identifier(*name);
    }
    if (!tables.empty()) block += "DROP TABLE IF EXISTS " + tables + ";\n";
    return block;
  }

  SpecStep& add_step(const std::string& actor, std::string sql, StepRole role) {
    const std::string& session = session_of(actor);
    const std::size_t number = ++step_counts_[session];
    SpecStep& step = spec_.steps.emplace_back();
    step.session = session;
    step.name = fmt::format("{}_{}", session, number);
    step.sql = std::move(sql);
    step.role = role;
    step.notes = std::exchange(notes_, {});
    return step;
  }

  const std::string& session_of(const std::string& actor) {
    for (const SpecSession& session : spec_.sessions) {
      if (session.actor == actor) return session.name;
    }
    std::string name = identifier_of(actor);
    for (int suffix = 2; std::any_of(spec_.sessions.begin(), spec_.sessions.end(),
                                     [&](const SpecSession& other) { return other.name == name; });
         ++suffix) {
      name = fmt::format("{}_{}", identifier_of(actor), suffix);
    }
    return spec_.sessions.emplace_back(SpecSession{name, actor}).name;
  }

  const TraceRecord& trace_;
  const SpecSchema& schema_;
  IsolationSpec spec_;
  std::map<std::string, Connection> connections_;
  std::map<std::string, std::size_t> step_counts_;
  std::vector<std::string> notes_;    // non-db events since the last step
  std::vector<std::string> schemas_;  // created by the trace, dropped by the teardown
  Connection setup_;
  std::string setup_sql_;
  bool actors_started_ = false;
};

}  // namespace

IsolationSpec build_isolation_spec(const nlohmann::json& trace, const SpecSchema& schema) {
  return SpecBuilder(read_trace(trace), schema).build();
}

}  // namespace interleave::reports
