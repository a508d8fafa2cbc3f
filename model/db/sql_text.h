#pragma once
// SQL text of a statement for traces and reports. Display only: statements
// sent to a server bind their values and quote their names (backends/pg/).

#include <string>
#include <string_view>
#include <vector>

#include "model/db/session.h"
#include "model/db/table.h"

namespace interleave::model::db {

// " FOR UPDATE" and its kin, with the leading space; empty for kNone.
std::string_view row_lock_clause(RowLock lock);
std::string select_text(const TableName& table, const Conditions& where, RowLock lock);
std::string insert_text(const TableName& table, const Assignments& values);
std::string update_text(const TableName& table, const Assignments& set, const Conditions& where);
std::string delete_text(const TableName& table, const Conditions& where);
std::string search_path_text(const std::vector<std::string>& schemas);
std::string create_schema_text(std::string_view schema);
std::string create_table_text(std::string_view schema, const TableDef& def);
std::string drop_schema_text(std::string_view schema, bool cascade, bool if_exists);

// A row's values as SQL literals in column order: "[1, 'acme', NULL]".
std::string row_text(const Row& row);
// Rows as a SELECT returned them: "[1, 'acme'] [2, 'globex']", or "no rows".
std::string rows_text(const std::vector<Row>& rows);

}  // namespace interleave::model::db
