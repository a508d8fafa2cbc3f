#pragma once
// Values as PostgreSQL's type input functions read them: a quoted literal
// or a text parameter becomes a bigint, boolean or jsonb where a column of
// that type asks for one. Booleans are the bigint 1 or 0 (table.h).
//
// Example:
//   column_input(ColumnType::kBoolean, Value{"yes"}) == Value{std::int64_t{1}}
//   column_input(ColumnType::kBigInt, Value{"x"})  // throws 22P02 invalid input syntax for type bigint: "x"

#include <optional>
#include <string_view>

#include "model/db/table.h"
#include "model/db/value.h"

namespace interleave::model::db::sql {

// PostgreSQL's boolin: t/true/yes/on/1 and f/false/no/off/0, any case,
// surrounding spaces ignored, unique prefixes of the words accepted.
std::optional<bool> boolean_input(std::string_view input);

// `value` read as `type`; NULL stays NULL. Throws SqlError 22P02 when the
// text is not valid input for the type, 22003 out of its range. `int4`: a
// bigint of PostgreSQL's type integer (32 bits).
Value column_input(ColumnType type, const Value& value, bool int4 = false);

// The type's name in PostgreSQL's messages: bigint, text, jsonb, boolean.
std::string_view type_name(ColumnType type);

}  // namespace interleave::model::db::sql
