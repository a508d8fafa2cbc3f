#include "model/db/sql/sql_reader.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <pg_query.h>

#include "model/db/sql/reader_stack.h"
#include "model/db/sql/sql_map.h"

namespace interleave::model::db::sql {

namespace {

// libpg_query's parse result, freed on every path.
class ParseResult {
 public:
  explicit ParseResult(const std::string& sql) : result_(pg_query_parse(sql.c_str())) {}
  ~ParseResult() { pg_query_free_parse_result(result_); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  const PgQueryParseResult& operator*() const { return result_; }

 private:
  PgQueryParseResult result_;
};

// The statement's text without surrounding spaces, for traces.
std::string statement_text(std::string_view sql, std::size_t location, std::size_t length) {
  std::string_view text = sql.substr(std::min(location, sql.size()));
  if (length > 0) text = text.substr(0, length);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ';')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

Plan map_statement(const map::Json& stmt, const map::Source& source) {
  if (!stmt.is_object() || stmt.size() != 1) source.unsupported("this statement", source.statement_location);
  const std::string kind = stmt.begin().key();
  const map::Json& body = stmt.begin().value();
  if (kind == "SelectStmt" || kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt") {
    return map::dml_statement(kind, body, source);
  }
  return map::utility_statement(kind, body, source);
}

// A server whose encoding is UTF8 refuses other bytes before it parses:
// 22021, naming the bytes of the first bad character as PostgreSQL does.
void check_utf8(std::string_view sql) {
  for (std::size_t i = 0; i < sql.size();) {
    const auto lead = static_cast<unsigned char>(sql[i]);
    // pg_utf_mblen: the length the lead byte announces.
    const std::size_t length = lead >= 0xC0 && lead < 0xE0   ? 2
                               : lead >= 0xE0 && lead < 0xF0 ? 3
                               : lead >= 0xF0 && lead < 0xF8 ? 4
                                                             : 1;
    bool valid = lead < 0x80 || (lead >= 0xC2 && lead < 0xF5 && i + length <= sql.size());
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(sql[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) {
      std::string bytes;
      for (std::size_t k = 0; k < length && i + k < sql.size(); ++k) {
        bytes += fmt::format("{}0x{:02x}", k ? " " : "", static_cast<unsigned char>(sql[i + k]));
      }
      throw SqlError("22021", fmt::format("invalid byte sequence for encoding \"UTF8\": {}", bytes));
    }
    i += length;
  }
}

// The parse tree of `sql` (cut at a NUL byte, as libpq would send it);
// throws SqlError 42601 for a syntax error.
map::Json parse_tree(const std::string& sql) {
  check_utf8(sql);
  ParseResult parsed(sql);
  if ((*parsed).error != nullptr) {
    const PgQueryError& error = *(*parsed).error;
    SqlError syntax_error(kSyntaxError, error.message ? error.message : "syntax error");
    syntax_error.set_position(error.cursorpos);
    throw syntax_error;
  }
  map::Json tree = map::Json::parse((*parsed).parse_tree, nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) throw_unsupported("text the model cannot read", sql, 0);
  return tree;
}

std::string up_to_nul(std::string_view sql) { return std::string(sql.substr(0, sql.find('\0'))); }

ClientStatement client_statement(const map::Json& stmt, std::string text) {
  using Kind = ClientStatement::Kind;
  ClientStatement statement{.text = std::move(text)};
  if (!stmt.is_object() || stmt.empty()) return statement;
  const std::string kind = stmt.begin().key();
  const map::Json& body = stmt.begin().value();
  if (kind == "TransactionStmt") {
    const std::string what = body.value("kind", std::string());
    statement.kind = what == "TRANS_STMT_BEGIN" || what == "TRANS_STMT_START" ? Kind::kBegin
                     : what == "TRANS_STMT_COMMIT"                          ? Kind::kCommit
                     : what == "TRANS_STMT_ROLLBACK"                        ? Kind::kRollback
                     : what == "TRANS_STMT_SAVEPOINT"                       ? Kind::kSavepoint
                     : what == "TRANS_STMT_RELEASE"                         ? Kind::kRelease
                     : what == "TRANS_STMT_ROLLBACK_TO"                     ? Kind::kRollbackTo
                                                                            : Kind::kOther;
    if (what == "TRANS_STMT_START") statement.tag = "START TRANSACTION";
  } else if (kind == "SelectStmt") {
    statement.kind = Kind::kSelect;
  } else if (kind == "InsertStmt") {
    statement.kind = Kind::kInsert;
  } else if (kind == "UpdateStmt") {
    statement.kind = Kind::kUpdate;
  } else if (kind == "DeleteStmt") {
    statement.kind = Kind::kDelete;
  } else if (kind == "CreateStmt") {
    statement.tag = "CREATE TABLE";
  } else if (kind == "CreateSchemaStmt") {
    statement.tag = "CREATE SCHEMA";
  } else if (kind == "DropStmt") {
    const std::string type = body.value("removeType", std::string());
    if (type == "OBJECT_TABLE") statement.tag = "DROP TABLE";
    if (type == "OBJECT_SCHEMA") statement.tag = "DROP SCHEMA";
  } else if (kind == "VariableSetStmt") {
    statement.tag = body.value("kind", std::string()) == "VAR_RESET" ? "RESET" : "SET";
  } else if (kind == "LockStmt") {
    statement.tag = "LOCK TABLE";
  }
  return statement;
}

std::vector<ClientStatement> split_on_this_stack(const std::string& sql) {
  const map::Json tree = parse_tree(sql);
  std::vector<ClientStatement> statements;
  if (!tree.contains("stmts")) return statements;
  for (const map::Json& raw : tree["stmts"]) {
    if (!raw.contains("stmt")) continue;
    statements.push_back(client_statement(
        raw["stmt"], statement_text(sql, raw.value("stmt_location", 0), raw.value("stmt_len", 0))));
  }
  return statements;
}

Script read_on_this_stack(const std::string& sql) {
  const map::Json tree = parse_tree(sql);
  Script script;
  if (!tree.contains("stmts")) return script;
  for (const map::Json& raw : tree["stmts"]) {
    const std::size_t location = raw.value("stmt_location", 0);
    const std::size_t length = raw.value("stmt_len", 0);
    const map::Source source{sql, static_cast<int>(location)};
    if (!raw.contains("stmt")) continue;  // an empty statement between semicolons
    Plan plan;
    try {
      plan = map_statement(raw["stmt"], source);
    } catch (const map::Json::exception&) {
      // A tree of a shape the mapping does not know: refused, never misread.
      source.unsupported("this form of statement", source.statement_location);
    }
    script.statements.push_back({std::move(plan), statement_text(sql, location, length)});
  }
  return script;
}

}  // namespace

std::vector<ClientStatement> split_sql(std::string_view sql_view) {
  const std::string sql = up_to_nul(sql_view);
  std::vector<ClientStatement> statements;
  run_on_reader_stack(sql.size(), [&] { statements = split_on_this_stack(sql); });
  return statements;
}

Script read_sql_uncached(std::string_view sql_view) {
  const std::string sql = up_to_nul(sql_view);
  Script script;
  run_on_reader_stack(sql.size(), [&] { script = read_on_this_stack(sql); });
  return script;
}

namespace {

// What reading a text gave: its script, or the error.
struct Reading {
  Script script;
  std::optional<SqlError> error;
};

// The cache's entry for the text: its own copy of it, and its reading.
const std::pair<const std::string, Reading>& reading_of(std::string_view sql) {
  // Per thread, so exploration threads never share or lock it; entries are
  // never dropped, so a reference to one stays valid.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  thread_local std::unordered_map<std::string, Reading, Hash, std::equal_to<>> cache;
  auto found = cache.find(sql);
  if (found == cache.end()) {
    Reading reading;
    try {
      reading.script = read_sql_uncached(sql);
    } catch (const SqlError& error) {
      reading.error = error;
    }
    found = cache.emplace(std::string(sql), std::move(reading)).first;
  }
  return *found;
}

// In front of the cache: a service sends the same few texts from the same
// buffers (string literals, constants) every schedule, so the text's
// address finds its reading without hashing the text. Compared by content
// before use: a buffer reused for other text only costs a lookup.
const Reading& recent_reading_of(std::string_view sql) {
  struct Recent {
    const char* data = nullptr;
    std::string_view text{};  // the cache's own copy of the text
    const Reading* reading = nullptr;
  };
  // Two ways per set, the newer first: two texts whose addresses meet in
  // one set (a service's BEGIN and its SELECT did) both stay.
  thread_local std::array<std::array<Recent, 2>, 64> recent{};
  const auto address = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(sql.data()));
  std::array<Recent, 2>& set = recent[(address * 0x9E3779B97F4A7C15ull) >> 58];  // Fibonacci hashing
  for (const Recent& way : set) {
    if (way.reading != nullptr && way.data == sql.data() && way.text == sql) return *way.reading;
  }
  const auto& [text, reading] = reading_of(sql);
  set[1] = set[0];
  set[0] = {sql.data(), text, &reading};
  return reading;
}

}  // namespace

const Script& read_sql(std::string_view sql) {
  const Reading& reading = recent_reading_of(sql);
  if (reading.error) throw *reading.error;
  return reading.script;
}

}  // namespace interleave::model::db::sql
