#include "model/db/sql/sql_reader.h"

#include <optional>
#include <string>
#include <unordered_map>

#include <pg_query.h>

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

// The parse tree of `sql` (cut at a NUL byte, as libpq would send it);
// throws SqlError 42601 for a syntax error.
map::Json parse_tree(const std::string& sql) {
  ParseResult parsed(sql);
  if ((*parsed).error != nullptr) {
    const PgQueryError& error = *(*parsed).error;
    SqlError syntax_error(kSyntaxError, error.message ? error.message : "syntax error");
    syntax_error.set_position(error.cursorpos);
    throw syntax_error;
  }
  map::Json tree = map::Json::parse((*parsed).parse_tree, nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) throw std::logic_error("libpg_query returned a parse tree that is not JSON");
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

}  // namespace

std::vector<ClientStatement> split_sql(std::string_view sql_view) {
  const std::string sql = up_to_nul(sql_view);
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

Script read_sql_uncached(std::string_view sql_view) {
  const std::string sql = up_to_nul(sql_view);
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

std::shared_ptr<const Script> read_sql(std::string_view sql) {
  // Per thread, so exploration threads never share or lock it. An entry
  // holds the script or the error reading gave.
  struct Entry {
    std::shared_ptr<const Script> script;
    std::optional<SqlError> error;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  thread_local std::unordered_map<std::string, Entry, Hash, std::equal_to<>> cache;
  auto found = cache.find(sql);
  if (found == cache.end()) {
    Entry entry;
    try {
      entry.script = std::make_shared<const Script>(read_sql_uncached(sql));
    } catch (const SqlError& error) {
      entry.error = error;
    }
    found = cache.emplace(std::string(sql), std::move(entry)).first;
  }
  if (found->second.error) throw *found->second.error;
  return found->second.script;
}

}  // namespace interleave::model::db::sql
