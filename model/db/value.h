#pragma once
// Column values of the db model: NULL, bigint, text. A jsonb column holds
// its document as canonical JSON text (canonical_json), so two documents
// compare equal exactly when PostgreSQL's jsonb would call them equal.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace interleave::model::db {

using Value = std::variant<std::monostate, std::int64_t, std::string>;

inline bool is_null(const Value& value) { return std::holds_alternative<std::monostate>(value); }

// The value as a SQL literal, for event text only (statements are never
// built from it): NULL, 42, 'acme' with quotes doubled.
std::string sql_literal(const Value& value);

// The JSON text re-serialized with sorted keys and no spaces; nullopt when
// it is not JSON (PostgreSQL: 22P02).
std::optional<std::string> canonical_json(std::string_view text);

}  // namespace interleave::model::db
