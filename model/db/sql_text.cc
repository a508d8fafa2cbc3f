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

std::string select_text(std::string_view table, const Conditions& where) {
  return fmt::format("SELECT * FROM {}{}", table, where_clause(where));
}

std::string insert_text(std::string_view table, const Assignments& values) {
  std::string columns, literals;
  for (const auto& [column, value] : values) {
    columns += (columns.empty() ? "" : ", ") + column;
    literals += (literals.empty() ? "" : ", ") + sql_literal(value);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, literals);
}

std::string update_text(std::string_view table, const Assignments& set, const Conditions& where) {
  return fmt::format("UPDATE {} SET {}{}", table, joined(set, ", "), where_clause(where));
}

}  // namespace interleave::model::db
