#pragma once
// Errors of the db port, carrying PostgreSQL's SQLSTATE so services can tell
// a unique violation from a foreign-key violation, as report 003 needs. The
// message is PostgreSQL's primary message; detail is its DETAIL line.

#include <stdexcept>
#include <string>
#include <string_view>

namespace interleave::model::db {

namespace sqlstate {
inline constexpr std::string_view kNotNullViolation = "23502";
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";
inline constexpr std::string_view kInFailedTransaction = "25P02";
inline constexpr std::string_view kInvalidTextRepresentation = "22P02";
inline constexpr std::string_view kUndefinedTable = "42P01";
inline constexpr std::string_view kUndefinedColumn = "42703";
inline constexpr std::string_view kInvalidSchemaName = "3F000";
inline constexpr std::string_view kDuplicateSchema = "42P06";
inline constexpr std::string_view kDuplicateTable = "42P07";
inline constexpr std::string_view kDependentObjectsStillExist = "2BP01";
inline constexpr std::string_view kInvalidSavepoint = "3B001";
inline constexpr std::string_view kLockNotAvailable = "55P03";
inline constexpr std::string_view kQueryCanceled = "57014";
inline constexpr std::string_view kDeadlockDetected = "40P01";
inline constexpr std::string_view kConnectionFailure = "08006";
}  // namespace sqlstate

class DbError : public std::runtime_error {
 public:
  DbError(std::string_view sqlstate, const std::string& message, std::string detail = {})
      : std::runtime_error(message), sqlstate_(sqlstate), detail_(std::move(detail)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& detail() const { return detail_; }
  // SQLSTATE class 23: what SQLAlchemy calls an IntegrityError.
  bool is_integrity_error() const { return sqlstate_.rfind("23", 0) == 0; }
  bool is_unique_violation() const { return sqlstate_ == sqlstate::kUniqueViolation; }
  bool is_foreign_key_violation() const { return sqlstate_ == sqlstate::kForeignKeyViolation; }
  // The 1-based character position PostgreSQL reports with the error (a
  // syntax error's), or 0 for none.
  int position() const { return position_; }
  void set_position(int position) { position_ = position; }

 private:
  std::string sqlstate_;
  std::string detail_;
  int position_ = 0;
};

}  // namespace interleave::model::db
