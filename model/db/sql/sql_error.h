#pragma once
// Errors the SQL front-end raises while it reads, maps or evaluates a
// statement. They are DbErrors with PostgreSQL's SQLSTATE and message; the
// model session turns one into a failed statement (the transaction aborts)
// as it does for its own errors.
//
// Example:
//   throw_unsupported("WITH (CTE)", sql, 0);
//   // DbError 0A000 "SQL feature not supported by the model: WITH (CTE) at character 1"

#include <string>
#include <string_view>

#include "model/db/error.h"

namespace interleave::model::db::sql {

inline constexpr std::string_view kFeatureNotSupported = "0A000";
inline constexpr std::string_view kSyntaxError = "42601";
inline constexpr std::string_view kNoActiveTransaction = "25P01";
inline constexpr std::string_view kUndefinedFunction = "42883";
inline constexpr std::string_view kNumericOutOfRange = "22003";
inline constexpr std::string_view kDatatypeMismatch = "42804";
inline constexpr std::string_view kGroupingError = "42803";
inline constexpr std::string_view kInvalidForeignKey = "42830";
inline constexpr std::string_view kAmbiguousColumn = "42702";
inline constexpr std::string_view kInvalidParameterValue = "22023";
inline constexpr std::string_view kCardinalityViolation = "21000";

class SqlError : public DbError {
 public:
  using DbError::DbError;
};

// PostgreSQL's 1-based character position (characters, not bytes) of the
// 0-based byte offset `location` in `sql`.
int character_position(std::string_view sql, int location);

// 0A000 naming a construct the model cannot run, at its position.
[[noreturn]] void throw_unsupported(std::string_view construct, std::string_view sql, int location);

}  // namespace interleave::model::db::sql
