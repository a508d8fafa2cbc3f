#pragma once
// The conformance suite's data: small interleavings of SQL-level steps across
// two or three sessions, in the spirit of PostgreSQL's isolation tests
// (sessions, steps, one permutation), each with the outcome real PostgreSQL
// 15 gives every step. The same table runs on the model and on a real server
// through the libpqxx backend; where the two disagree, the model is wrong.
//
// Example (the notation of `expected` is in player.h):
//   Permutation{
//       .name = "unique_insert_waits_then_fails_when_holder_commits",
//       .covers = "unique: an uncommitted duplicate makes the insert wait, then 23505",
//       .tables = {&kAccounts},
//       .sessions = {{"s1", {insert("s1_insert", "accounts", {{"handle", "acme"}}), commit("s1_commit")}},
//                    {"s2", {insert("s2_insert", "accounts", {{"handle", "acme"}})}}},
//       .order = {"s1_insert", "s2_insert", "s1_commit"},
//       .expected = {"s1_insert: id 1", "s2_insert: <waiting ...>", "s1_commit: ok",
//                    "s2_insert: <... completed> error 23505: duplicate key value violates "
//                    "unique constraint \"accounts_handle_key\""}};

#include <functional>
#include <string>
#include <vector>

#include "model/db/session.h"
#include "model/db/table.h"

namespace interleave::conformance {

using model::db::Session;
using model::db::TableDef;

// One call (or a few) on one session. `run` returns the outcome as short
// text ("id 1", "1 row", "[1, 'acme']", "true", "ok"); a DbError it throws
// becomes "error <SQLSTATE>: <primary message>". steps.h builds them.
struct Step {
  std::string name;  // unique within the permutation, by convention prefixed by its session: s1_insert
  std::function<std::string(Session&)> run;
};

struct SessionSpec {
  std::string name;  // s1
  std::vector<Step> steps;
};

struct Permutation {
  std::string name;                     // the test's name: letters, digits and underscores
  std::string covers;                   // the model rule it pins, in a few words
  std::vector<const TableDef*> tables;  // created in the public schema, in this order
  std::vector<Step> setup;              // run by a setup session and committed before the sessions start
  std::vector<SessionSpec> sessions;
  std::vector<std::string> order;     // step names; a step of a session whose last step still waits
                                      // is issued once that step completed, as isolationtester does
  std::vector<std::string> expected;  // the transcript PostgreSQL 15 gives
};

}  // namespace interleave::conformance
