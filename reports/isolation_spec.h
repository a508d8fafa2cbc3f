// A trace's interleaving as a PostgreSQL isolation-test spec: the format of
// PostgreSQL's src/test/isolation/specs, run by `isolationtester`. The setup
// creates the app's tables and runs the scenario's givens (the "setup"
// actor's statements); each other actor that used the database is a
// session with one step per statement; the permutation starts the steps in
// the trace's order. Non-db events are comments where they happened.
//
// Requires: a version-1 trace (reports/trace_record.h) whose db events hold
// the display SQL of model/db/sql_text.cc, and a schema naming every table
// the trace creates. Guarantees: the same trace renders the same bytes; a
// trace the spec cannot express throws std::invalid_argument naming the
// event ("event 7 (T0+7, api-1): ...").
//
// Example:
//   std::ofstream("race.spec") << render_isolation_spec(nlohmann::json::parse(file), "trace.json", schema);
//   // isolationtester "dbname=scratch" < race.spec
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/spec_sql.h"

namespace interleave::reports {

enum class StepRole {
  kStatement,  // one db statement of the trace
  kClose,      // ends what a service left open when it let its connection go
  kEnd,        // after the trace: rolls back a transaction it leaves open
};

struct SpecStep {
  std::string session;  // the spec's session name
  std::string name;     // unique in the spec
  std::string sql;      // one line, statements ending in ";"
  StepRole role = StepRole::kStatement;
  // kStatement: the event that started it, and the one with its final
  // result (nullopt when the trace ends while it waits).
  std::optional<std::size_t> event;
  std::optional<std::size_t> result_event;
  std::string result;    // the final result's text, e.g. "0 rows", "error 23505: ..."
  bool blocked = false;  // the trace shows it waiting first
  std::vector<std::string> notes;  // comment lines before it in the permutation
};

struct SpecSession {
  std::string name;   // a spec identifier made from the actor's name
  std::string actor;
};

struct IsolationSpec {
  std::vector<std::string> setup;  // SQL blocks, each run as one submission
  std::string teardown;
  std::vector<SpecSession> sessions;  // in order of their first statement
  std::vector<SpecStep> steps;        // in permutation order
  std::vector<std::string> trailing_notes;  // comment lines after the last step
};

IsolationSpec build_isolation_spec(const nlohmann::json& trace, const SpecSchema& schema);

// The spec file: a header comment (scenario, variant, verdict, how to run
// it), the setup and teardown blocks, the sessions and the permutation.
std::string render_isolation_spec(const nlohmann::json& trace, std::string_view trace_path,
                                  const SpecSchema& schema);

}  // namespace interleave::reports
