#pragma once
// What a statement given as SQL text returns through the db port's
// execute(sql, params): the result columns and rows (for a statement that
// returns rows, RETURNING included), or the rows it affected. An error is a
// DbError with PostgreSQL's SQLSTATE and primary message, as for the
// structured calls; SQL the model cannot express is 0A000 naming the
// construct and its 1-based character position:
//   "SQL feature not supported by the model: WITH (CTE) at character 1".
//
// Example:
//   SqlResult r = session.execute("SELECT id, slug FROM tenants WHERE slug = $1", {Value{"acme"}});
//   r.columns[1].name == "slug"; r.rows.size() == 1; std::get<std::string>(r.rows[0][1]) == "acme"

#include <cstdint>
#include <string>
#include <vector>

#include "model/db/table.h"
#include "model/db/value.h"

namespace interleave::model::db {

struct SqlColumn {
  std::string name;                       // as PostgreSQL names it: "id", "count", "?column?"
  ColumnType type = ColumnType::kText;    // how a client prints it (boolean: t/f)
};

struct SqlResult {
  // True for SELECT, and for INSERT/UPDATE/DELETE with RETURNING: the
  // statement returned a (possibly empty) result set, which isolationtester
  // and psql print as a table.
  bool returns_rows = false;
  std::vector<SqlColumn> columns;
  std::vector<std::vector<Value>> rows;
  // INSERT/UPDATE/DELETE/SELECT: rows affected or returned; 0 otherwise.
  std::int64_t rows_affected = 0;
  // PostgreSQL's command tag: "SELECT 1", "INSERT 0 1", "UPDATE 2", "BEGIN".
  std::string command_tag;
  // NOTICE messages the statement raised, in order, without "NOTICE:  "
  // (e.g. "drop cascades to table s.t"); a WARNING keeps its label
  // ("WARNING:  there is no transaction in progress"). Primary lines only.
  std::vector<std::string> notices;
};

}  // namespace interleave::model::db
