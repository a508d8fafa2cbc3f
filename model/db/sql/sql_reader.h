#pragma once
// Reads SQL text into the statements the model runs (sql_statement.h):
// libpg_query parses it as PostgreSQL 15 does, and the mapping keeps only
// the subset the model implements (README.md in this folder). Anything else
// is a SqlError 0A000 naming the construct and its position; a syntax
// error is 42601 with PostgreSQL's message and position.
//
// Reading costs a parse (about 11 us) the first time a thread sees a text;
// after that the thread's cache answers (errors included).
//
// Example:
//   const Script& script = read_sql("BEGIN; UPDATE t SET a = a + 1;");
//   script.statements.size() == 2

#include <memory>
#include <string_view>

#include "model/db/sql/sql_statement.h"

namespace interleave::model::db::sql {

// The statements of `sql`, in order (none for an empty string). Throws
// SqlError. Thread-safe: each thread has its own cache, which keeps every
// script it read for the thread's life (the reference stays valid).
const Script& read_sql(std::string_view sql);

// The same without the cache (the fuzzer and the cache itself use it).
Script read_sql_uncached(std::string_view sql);

// A statement as a client sends it to a server: its text, and what a
// client must know to track transaction blocks and name the command tag.
// Splitting maps nothing, so it also splits text the model refuses.
struct ClientStatement {
  enum class Kind : std::uint8_t {
    kBegin, kCommit, kRollback, kSavepoint, kRelease, kRollbackTo,
    kSelect, kInsert, kUpdate, kDelete, kOther
  };
  std::string text;
  Kind kind = Kind::kOther;
  std::string tag;  // the command tag of a kOther statement: "CREATE TABLE", "SET"; empty when unknown
};
// Throws SqlError 42601 for a syntax error.
std::vector<ClientStatement> split_sql(std::string_view sql);

}  // namespace interleave::model::db::sql
