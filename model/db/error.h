#pragma once
// Errors of the db port, carrying PostgreSQL's SQLSTATE so services can tell
// a unique violation from a foreign-key violation, as report 003 needs. The
// message is PostgreSQL's primary message; detail is its DETAIL line.

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/db/table.h"
#include "model/db/value.h"

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

// A failed statement. Its SQLSTATE is set when it is thrown; PostgreSQL's
// message and DETAIL may be written only when first read (a unique
// violation's: the search refuses thousands of inserts and reads few).
//
// An error the model wrote lazily refers to its table's definition, which
// lives as long as the model's database: read its text within the schedule
// that threw it, as every catch does.
class DbError : public std::exception {
 public:
  DbError(std::string_view sqlstate, std::string message, std::string detail = {})
      : sqlstate_(sqlstate), message_(std::move(message)), detail_(std::move(detail)) {}
  // 23505 on `unique` of `table`, by `key` (the values of its columns, in
  // its order): "duplicate key value violates unique constraint ..." and
  // "Key (slug)=(acme) already exists.", written when read.
  static DbError unique_violation(const TableDef& table, const UniqueConstraint& unique, std::vector<Value> key);

  const char* what() const noexcept override;
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& detail() const;
  // The unique constraint a model's 23505 names; empty for other errors.
  std::string_view constraint() const;
  // SQLSTATE class 23: what SQLAlchemy calls an IntegrityError.
  bool is_integrity_error() const { return sqlstate_.rfind("23", 0) == 0; }
  bool is_unique_violation() const { return sqlstate_ == sqlstate::kUniqueViolation; }
  bool is_foreign_key_violation() const { return sqlstate_ == sqlstate::kForeignKeyViolation; }
  // The 1-based character position PostgreSQL reports with the error (a
  // syntax error's), or 0 for none.
  int position() const { return position_; }
  void set_position(int position) { position_ = position; }

 private:
  struct UniqueKey {
    const TableDef* table;
    const UniqueConstraint* unique;
    std::vector<Value> values;
  };
  DbError(std::string_view sqlstate, UniqueKey key)
      : sqlstate_(sqlstate), key_(std::move(key)), written_(false) {}
  // Writes message_ and detail_ from key_, once.
  void write_text() const;

  std::string sqlstate_;
  mutable std::string message_;
  mutable std::string detail_;
  std::optional<UniqueKey> key_;
  mutable bool written_ = true;
  int position_ = 0;
};

}  // namespace interleave::model::db
