#include "model/db/value.h"

namespace interleave::model::db {

std::string sql_literal(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return "NULL";
  if (auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  std::string quoted = "'";
  for (char c : std::get<std::string>(value)) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

}  // namespace interleave::model::db
