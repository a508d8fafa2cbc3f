#pragma once
// Column values of the db model: NULL, bigint, text.

#include <cstdint>
#include <string>
#include <variant>

namespace interleave::model::db {

using Value = std::variant<std::monostate, std::int64_t, std::string>;

// The value as a SQL literal, for event text only (statements are never
// built from it): NULL, 42, 'acme' with quotes doubled.
std::string sql_literal(const Value& value);

}  // namespace interleave::model::db
