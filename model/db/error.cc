#include "model/db/error.h"

#include <fmt/format.h>

namespace interleave::model::db {

DbError DbError::unique_violation(const TableDef& table, const UniqueConstraint& unique, std::vector<Value> key) {
  return DbError(sqlstate::kUniqueViolation, UniqueKey{&table, &unique, std::move(key)});
}

const char* DbError::what() const noexcept {
  try {
    write_text();
    return message_.c_str();
  } catch (...) {
    return sqlstate_.c_str();  // no memory left to write the message
  }
}

const std::string& DbError::detail() const {
  write_text();
  return detail_;
}

std::string_view DbError::constraint() const { return key_ ? std::string_view(key_->unique->name) : ""; }

void DbError::write_text() const {
  if (written_) return;
  std::string columns;
  std::string values;
  for (std::size_t i = 0; i < key_->unique->columns.size(); ++i) {
    const Value& value = key_->values[i];
    columns += (i == 0 ? "" : ", ") + key_->table->columns[key_->unique->columns[i]].name;
    // As PostgreSQL prints a key in DETAIL: unquoted.
    values += (i == 0 ? "" : ", ") +
              (std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : sql_literal(value));
  }
  message_ = fmt::format("duplicate key value violates unique constraint \"{}\"", key_->unique->name);
  detail_ = fmt::format("Key ({})=({}) already exists.", columns, values);
  written_ = true;
}

}  // namespace interleave::model::db
