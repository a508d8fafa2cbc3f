#pragma once
// Errors of the db port, carrying PostgreSQL's SQLSTATE so services can tell
// a unique violation from a foreign-key violation, as report 003 needs.

#include <stdexcept>
#include <string>
#include <string_view>

namespace interleave::model::db {

namespace sqlstate {
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";
inline constexpr std::string_view kInFailedTransaction = "25P02";
inline constexpr std::string_view kUndefinedTable = "42P01";
inline constexpr std::string_view kUndefinedColumn = "42703";
}  // namespace sqlstate

class DbError : public std::runtime_error {
 public:
  DbError(std::string_view sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(sqlstate) {}
  const std::string& sqlstate() const { return sqlstate_; }
  // SQLSTATE class 23: what SQLAlchemy calls an IntegrityError.
  bool is_integrity_error() const { return sqlstate_.rfind("23", 0) == 0; }

 private:
  std::string sqlstate_;
};

}  // namespace interleave::model::db
