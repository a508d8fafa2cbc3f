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
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "model/db/table.h"
#include "model/db/value.h"

namespace interleave::model::db {

struct SqlColumn {
  std::string name;                       // as PostgreSQL names it: "id", "count", "?column?"
  ColumnType type = ColumnType::kText;    // how a client prints it (boolean: t/f)
};

// A result's columns, read as a vector's. A statement returns the same
// columns on every run, so its results share the one list it worked out:
// no copy per run.
class SqlColumns {
 public:
  SqlColumns() = default;
  SqlColumns(std::initializer_list<SqlColumn> columns)
      : list_(std::make_shared<const std::vector<SqlColumn>>(columns)) {}
  explicit SqlColumns(std::vector<SqlColumn> columns)
      : list_(std::make_shared<const std::vector<SqlColumn>>(std::move(columns))) {}
  std::size_t size() const { return list_ ? list_->size() : 0; }
  bool empty() const { return size() == 0; }
  const SqlColumn& operator[](std::size_t i) const { return (*list_)[i]; }
  const SqlColumn* begin() const { return list_ ? list_->data() : nullptr; }
  const SqlColumn* end() const { return list_ ? list_->data() + list_->size() : nullptr; }

 private:
  std::shared_ptr<const std::vector<SqlColumn>> list_;
};

struct SqlResult {
  // True for SELECT, and for INSERT/UPDATE/DELETE with RETURNING: the
  // statement returned a (possibly empty) result set, which isolationtester
  // and psql print as a table.
  bool returns_rows = false;
  SqlColumns columns;
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
