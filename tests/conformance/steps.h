#pragma once
// The step vocabulary of the permutations: one builder per port call, each
// rendering the call's result as the short text the transcripts hold.
//
//   insert           "id 3"
//   select           "[1, 'acme', NULL] [2, 'globex', 'Globex']", "no rows"
//   update, remove   "1 row", "0 rows", "2 rows"
//   flush            "ids 1, 2", "no ids"
//   try_xact_lock,
//   unlock           "true", "false"
//   everything else  "ok"
//
// A DbError thrown by the call is rendered by the player (player.h).

#include <cstdint>
#include <string>
#include <vector>

#include "model/db/session.h"
#include "model/db/table.h"
#include "model/db/value.h"
#include "tests/conformance/spec.h"

namespace interleave::conformance {

using model::db::Assignments;
using model::db::Conditions;
using model::db::RowLock;
using model::db::TableName;
using model::db::Value;

// SQL NULL, for assignments and conditions.
inline const Value kNull{};

Step insert(std::string name, TableName table, Assignments values);
Step select(std::string name, TableName table, Conditions where = {}, RowLock lock = RowLock::kNone);
Step update(std::string name, TableName table, Assignments set, Conditions where);
Step remove(std::string name, TableName table, Conditions where);
// Session::add() queues an INSERT without sending it; flush() sends the queue.
Step add(std::string name, TableName table, Assignments values);
Step flush(std::string name);
Step commit(std::string name);
Step rollback(std::string name);

Step savepoint(std::string name, std::string savepoint);
Step rollback_to_savepoint(std::string name, std::string savepoint);
Step release_savepoint(std::string name, std::string savepoint);

Step set_search_path(std::string name, std::vector<std::string> schemas);
Step set_lock_timeout(std::string name, std::int64_t ms);

Step create_schema(std::string name, std::string schema);
Step create_table(std::string name, std::string schema, const model::db::TableDef& def);
enum class Drop : std::uint8_t { kRestrict, kCascade, kIfExists };
Step drop_schema(std::string name, std::string schema, Drop how);

Step advisory_xact_lock(std::string name, std::int64_t key);
Step try_advisory_xact_lock(std::string name, std::int64_t key);
Step advisory_lock(std::string name, std::int64_t key);
Step advisory_unlock(std::string name, std::int64_t key);

}  // namespace interleave::conformance
