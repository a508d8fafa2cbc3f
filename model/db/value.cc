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

#include <nlohmann/json.hpp>

namespace interleave::model::db {

std::optional<std::string> canonical_json(std::string_view text) {
  nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return std::nullopt;
  return document.dump();
}

}  // namespace interleave::model::db
