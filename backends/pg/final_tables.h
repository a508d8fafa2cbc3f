#pragma once
// The committed contents of a database as lines to compare, model against
// server: "schema S", "table S.T" and "row S.T [values]", schemas and
// tables in creation order, rows by id. System schemas are left out.

#include <string>
#include <vector>

#include "backends/pg/pg_database.h"
#include "model/db/database.h"

namespace interleave::impl::pg {

std::vector<std::string> model_table_lines(const model::db::Database& db);
// Reads on the database's own connection (PgDatabase::admin); DbError when
// the server cannot.
std::vector<std::string> server_table_lines(PgDatabase& database);

// The first line where the two differ, as "model: ..., server: ...";
// nullopt when they are the same.
std::optional<std::string> first_difference(const std::vector<std::string>& model,
                                            const std::vector<std::string>& server);

}  // namespace interleave::impl::pg
