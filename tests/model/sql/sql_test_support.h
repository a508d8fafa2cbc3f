#pragma once
// Helpers of the SQL front-end tests: run statements on the db model (one
// actor, or several that coordinate), and render each outcome as one line
// so that the model and a real server can be compared as text.
//
// Example:
//   run_actors({{"a", [](Execution&, Database& db) {
//     auto s = db.connect();
//     EXPECT_EQ(outcome(*s, "SELECT 1"), "SELECT 1 (?column?:bigint) [1]");
//   }}});

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "model/db/database.h"
#include "model/db/session.h"
#include "tests/harness/test_program.h"

namespace interleave::sql_test {

using Body = std::function<void(Execution&, model::db::Database&)>;

// Runs the actors in one execution (schedule `schedule` of a seeded random
// strategy) over a Database with no tables; fails the test when the run
// does not finish cleanly. Returns the recorded events' results.
std::vector<std::string> run_actors(std::vector<std::pair<std::string, Body>> actors, std::uint64_t schedule = 0);

// "SELECT 2 (id:bigint, name:text) [1, 'a'] [2, 'b']", "INSERT 0 1",
// "BEGIN NOTICE(WARNING:  ...)", or "ERROR 23505: duplicate key ..."
std::string render(const model::db::SqlResult& result);
std::string outcome(model::db::Session& session, std::string_view sql,
                    const std::vector<model::db::Value>& params = {});

using test_support::await;
// True once `actor` has parked on a statement.
bool has_blocked(const Execution& exec, std::string_view actor);

}  // namespace interleave::sql_test
