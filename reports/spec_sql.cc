#include "reports/spec_sql.h"

#include <cctype>
#include <initializer_list>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace interleave::reports {

namespace {

struct Literal {
  enum class Kind { kNull, kNumber, kString } kind;
  std::string text;  // digits, or the string's value
};

struct Table {
  std::string schema;  // empty: unqualified
  std::string name;
};

// A cursor over one display statement. Names end at the characters that
// delimit them in sql_text.cc's output; a name holding one of those cannot
// be told from the syntax around it, so the text is refused.
class DisplaySql {
 public:
  explicit DisplaySql(std::string_view text) : text_(text) {}

  bool take(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  void expect(std::string_view word) {
    if (!take(word)) fail(fmt::format("expected \"{}\"", word));
  }
  bool done() const { return at_ == text_.size(); }
  void expect_end() {
    if (!done()) fail("unexpected text");
  }

  std::string name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && !delimits(text_[at_])) ++at_;
    if (at_ == start) fail("expected a name");
    return std::string(text_.substr(start, at_ - start));
  }

  Table table() {
    Table table{"", name()};
    if (take(".")) table = {table.name, name()};
    return table;
  }

  std::string number() {
    const std::size_t start = at_;
    take("-");
    const std::size_t digits = at_;
    while (at_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at_]))) ++at_;
    if (at_ == digits) fail("expected a number");
    return std::string(text_.substr(start, at_ - start));
  }

  Literal literal() {
    if (take("NULL")) return {Literal::Kind::kNull, ""};
    if (!take("'")) return {Literal::Kind::kNumber, number()};
    std::string value;
    for (;;) {
      if (at_ >= text_.size()) fail("unterminated string");
      const char c = text_[at_++];
      if (c == '\'' && !take("'")) break;
      value += c;
    }
    return {Literal::Kind::kString, std::move(value)};
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(fmt::format("{} at column {} of: {}", what, at_ + 1, text_));
  }

 private:
  static bool delimits(char c) {
    return c == ' ' || c == ',' || c == '.' || c == '(' || c == ')' || c == '=' || c == '\'' ||
           std::iscntrl(static_cast<unsigned char>(c));
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

std::string quoted_table(const Table& table) {
  return table.schema.empty() ? quote_identifier(table.name)
                              : quote_identifier(table.schema) + "." + quote_identifier(table.name);
}

// The value as the port's bound parameter would be read for that column.
std::string sql_value(const Literal& literal, std::optional<SpecColumn> column) {
  switch (literal.kind) {
    case Literal::Kind::kNull: return "NULL";
    case Literal::Kind::kString: return quote_literal(literal.text);
    case Literal::Kind::kNumber: break;
  }
  if (column == SpecColumn::kBoolean && (literal.text == "0" || literal.text == "1")) {
    return literal.text == "1" ? "true" : "false";
  }
  // An untyped literal, parsed as the column's type as a parameter is.
  if (column && column != SpecColumn::kNumber) return quote_literal(literal.text);
  return literal.text;
}

class StatementWriter {
 public:
  StatementWriter(DisplaySql& in, const SpecSchema& schema) : in_(in), schema_(schema) {}

  std::string table() {
    const Table table = in_.table();
    table_ = schema_.find(table.name);
    return quoted_table(table);
  }

  // "a" = 1, with `separator` between pairs.
  std::string assignments(std::string_view separator) {
    std::string sql;
    do {
      const std::string column = in_.name();
      in_.expect(" = ");
      sql += (sql.empty() ? "" : std::string(separator)) + quote_identifier(column) + " = " +
             sql_value(in_.literal(), column_kind(column));
    } while (in_.take(separator));
    return sql;
  }

  std::string where() { return in_.take(" WHERE ") ? " WHERE " + assignments(" AND ") : ""; }

  std::string insert_values() {
    std::vector<std::string> columns;
    in_.expect(" (");
    if (!in_.take(")")) {
      do columns.push_back(in_.name());
      while (in_.take(", "));
      in_.expect(")");
    }
    in_.expect(" VALUES (");
    if (columns.empty()) {
      in_.expect(")");
      return " DEFAULT VALUES";
    }
    std::string names, values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) in_.expect(", ");
      names += (i == 0 ? "" : ", ") + quote_identifier(columns[i]);
      values += (i == 0 ? "" : ", ") + sql_value(in_.literal(), column_kind(columns[i]));
    }
    in_.expect(")");
    return " (" + names + ") VALUES (" + values + ")";
  }

 private:
  std::optional<SpecColumn> column_kind(const std::string& column) const {
    if (table_ == nullptr) return std::nullopt;
    auto entry = table_->columns.find(column);
    return entry == table_->columns.end() ? std::nullopt : std::optional(entry->second);
  }

  DisplaySql& in_;
  const SpecSchema& schema_;
  const SpecTable* table_ = nullptr;
};

std::string row_lock(DisplaySql& in) {
  for (std::string_view clause : {" FOR NO KEY UPDATE", " FOR KEY SHARE", " FOR SHARE", " FOR UPDATE"}) {
    if (in.take(clause)) return std::string(clause);
  }
  return "";
}

std::string advisory_call(DisplaySql& in, std::initializer_list<std::string_view> functions) {
  in.expect("SELECT ");
  for (std::string_view function : functions) {
    if (!in.take(function)) continue;
    in.expect("(");
    std::string key = in.number();
    in.expect(")");
    return fmt::format("SELECT {}({})", function, key);
  }
  in.fail("expected an advisory lock function");
}

// "WORD NAME" as "WORD "quoted-name"".
std::string keyword_and_name(DisplaySql& in, std::string_view keyword) {
  in.expect(keyword);
  return std::string(keyword) + quote_identifier(in.name());
}

std::string search_path(DisplaySql& in) {
  in.expect("SET search_path TO ");
  std::string schemas;
  while (!in.done()) {
    if (!schemas.empty()) {
      in.expect(", ");
      schemas += ", ";
    }
    schemas += quote_identifier(in.name());
  }
  return "SET search_path TO " + (schemas.empty() ? "''" : schemas);
}

std::string drop_schema(DisplaySql& in) {
  in.expect("DROP SCHEMA ");
  const bool if_exists = in.take("IF EXISTS ");
  const std::string name = quote_identifier(in.name());
  const bool cascade = in.take(" CASCADE");
  return fmt::format("DROP SCHEMA {}{}{}", if_exists ? "IF EXISTS " : "", name, cascade ? " CASCADE" : "");
}

std::string create_table(DisplaySql& in, const SpecSchema& schema) {
  in.expect("CREATE TABLE ");
  const Table table = in.table();
  const SpecTable* def = schema.find(table.name);
  if (def == nullptr) in.fail(fmt::format("no definition of table \"{}\" to create", table.name));
  return def->create_sql(table.schema);
}

std::string statement(std::string_view op, DisplaySql& in, const SpecSchema& schema) {
  StatementWriter out(in, schema);
  if (op == "db.select") {
    in.expect("SELECT * FROM ");
    std::string sql = "SELECT * FROM " + out.table();
    sql += out.where() + " ORDER BY \"id\"";
    return sql + row_lock(in);
  }
  if (op == "db.insert") {
    in.expect("INSERT INTO ");
    std::string sql = "INSERT INTO " + out.table();
    return sql + out.insert_values() + " RETURNING \"id\"";
  }
  if (op == "db.update") {
    in.expect("UPDATE ");
    std::string sql = "UPDATE " + out.table();
    in.expect(" SET ");
    sql += " SET " + out.assignments(", ");
    return sql + out.where() + " RETURNING \"id\"";
  }
  if (op == "db.delete") {
    in.expect("DELETE FROM ");
    std::string sql = "DELETE FROM " + out.table();
    return sql + out.where() + " RETURNING \"id\"";
  }
  if (op == "db.commit" || op == "db.rollback") {
    const std::string sql = op == "db.commit" ? "COMMIT" : "ROLLBACK";
    in.expect(sql);
    return sql;
  }
  if (op == "db.savepoint") return keyword_and_name(in, "SAVEPOINT ");
  if (op == "db.rollback_to_savepoint") return keyword_and_name(in, "ROLLBACK TO SAVEPOINT ");
  if (op == "db.release_savepoint") return keyword_and_name(in, "RELEASE SAVEPOINT ");
  if (op == "db.set") {
    if (in.take("SET lock_timeout = ")) return "SET lock_timeout = " + in.number();
    return search_path(in);
  }
  if (op == "db.advisory_lock") {
    return advisory_call(in, {"pg_advisory_xact_lock", "pg_try_advisory_xact_lock", "pg_advisory_lock"});
  }
  if (op == "db.advisory_unlock") return advisory_call(in, {"pg_advisory_unlock"});
  if (op == "db.create_schema") return keyword_and_name(in, "CREATE SCHEMA ");
  if (op == "db.create_table") return create_table(in, schema);
  if (op == "db.drop_schema") return drop_schema(in);
  throw std::invalid_argument(fmt::format("no SQL is known for a \"{}\" event", op));
}

}  // namespace

const SpecTable* SpecSchema::find(std::string_view name) const {
  for (const SpecTable& table : tables) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

std::string quote_identifier(std::string_view name) {
  const bool escaped = name.find('}') != std::string_view::npos;
  std::string quoted = escaped ? "U&\"" : "\"";
  for (const char c : name) {
    if (c == '"') quoted += "\"\"";
    else if (escaped && c == '\\') quoted += "\\\\";
    else if (c == '}') quoted += "\\007D";
    else quoted += c;
  }
  return quoted + "\"";
}

std::string quote_literal(std::string_view text) {
  const bool escaped = text.find_first_of("}\n\r\\") != std::string_view::npos;
  std::string quoted = escaped ? "E'" : "'";
  for (const char c : text) {
    if (c == '\'') quoted += "''";
    else if (!escaped) quoted += c;
    else if (c == '\\') quoted += "\\\\";
    else if (c == '}') quoted += "\\x7d";
    else if (c == '\n') quoted += "\\n";
    else if (c == '\r') quoted += "\\r";
    else quoted += c;
  }
  return quoted + "'";
}

std::string spec_sql(std::string_view op, std::string_view text, const SpecSchema& schema) {
  DisplaySql in(text);
  std::string sql = statement(op, in, schema);
  in.expect_end();
  return sql;
}

}  // namespace interleave::reports
