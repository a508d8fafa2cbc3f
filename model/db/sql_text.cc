#include "model/db/sql_text.h"

#include <fmt/format.h>

namespace interleave::model::db {

namespace {
std::string joined(const std::vector<std::pair<std::string, Value>>& pairs, std::string_view separator) {
  std::string text;
  for (const auto& [column, value] : pairs) {
    if (!text.empty()) text += separator;
    text += fmt::format("{} = {}", column, sql_literal(value));
  }
  return text;
}
std::string where_clause(const Conditions& where) {
  return where.empty() ? "" : " WHERE " + joined(where, " AND ");
}
}  // namespace

std::string_view row_lock_clause(RowLock lock) {
  switch (lock) {
    case RowLock::kNone: return "";
    case RowLock::kForKeyShare: return " FOR KEY SHARE";
    case RowLock::kForShare: return " FOR SHARE";
    case RowLock::kForNoKeyUpdate: return " FOR NO KEY UPDATE";
    case RowLock::kForUpdate: return " FOR UPDATE";
  }
  return "";
}

std::string select_text(const TableName& table, const Conditions& where, RowLock lock) {
  return fmt::format("SELECT * FROM {}{}{}", table.display(), where_clause(where), row_lock_clause(lock));
}

std::string insert_text(const TableName& table, const Assignments& values) {
  std::string columns, literals;
  for (const auto& [column, value] : values) {
    columns += (columns.empty() ? "" : ", ") + column;
    literals += (literals.empty() ? "" : ", ") + sql_literal(value);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({})", table.display(), columns, literals);
}

std::string update_text(const TableName& table, const Assignments& set, const Conditions& where) {
  return fmt::format("UPDATE {} SET {}{}", table.display(), joined(set, ", "), where_clause(where));
}

std::string delete_text(const TableName& table, const Conditions& where) {
  return fmt::format("DELETE FROM {}{}", table.display(), where_clause(where));
}

std::string search_path_text(const std::vector<std::string>& schemas) {
  return fmt::format("SET search_path TO {}", fmt::join(schemas, ", "));
}

std::string create_schema_text(std::string_view schema) { return fmt::format("CREATE SCHEMA {}", schema); }

std::string create_table_text(std::string_view schema, const TableDef& def) {
  return schema.empty() ? fmt::format("CREATE TABLE {}", def.name)
                        : fmt::format("CREATE TABLE {}.{}", schema, def.name);
}

std::string row_text(const Row& row) {
  std::string text = "[";
  for (std::size_t i = 0; i < row.values.size(); ++i) text += (i == 0 ? "" : ", ") + sql_literal(row.values[i]);
  return text + "]";
}

std::string rows_text(const std::vector<Row>& rows) {
  if (rows.empty()) return "no rows";
  std::string text;
  for (const Row& row : rows) text += (text.empty() ? "" : " ") + row_text(row);
  return text;
}

std::string drop_schema_text(std::string_view schema, bool cascade, bool if_exists) {
  return fmt::format("DROP SCHEMA {}{}{}", if_exists ? "IF EXISTS " : "", schema, cascade ? " CASCADE" : "");
}

}  // namespace interleave::model::db
