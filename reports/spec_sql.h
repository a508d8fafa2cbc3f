// Executable SQL from a trace's display SQL, for isolation specs.
//
// A trace shows each statement as model/db/sql_text.cc writes it: names
// unquoted, values as literals, booleans as 0/1, CREATE TABLE without its
// columns. spec_sql() reads that text back (its grammar is small and fixed)
// and writes the statement the db port sends (backends/pg/pg_session.cc):
// quoted names, SELECT ... ORDER BY "id", INSERT ... RETURNING "id", and a
// CREATE TABLE with the table's definition. UPDATE and DELETE also return
// their ids, so isolationtester's output shows how many rows they touched.
//
// Requires: nothing of the text; what it cannot read unambiguously throws
// std::invalid_argument saying what and where: text outside that grammar, a
// name holding a space, comma, dot, parenthesis, "=" or quote (the display
// text does not quote names), a table to create that the schema lacks. Guarantees: one line, with no "}"
// outside a U&"..." or E'...' escape, so it fits a spec's { } block, whose
// first "}" ends it.
//
// Example:
//   spec_sql("db.insert", "INSERT INTO tenants (slug, is_active) VALUES ('acme', 1)", schema)
//   == R"(INSERT INTO "tenants" ("slug", "is_active") VALUES ('acme', true) RETURNING "id")"
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::reports {

// How a value the trace shows is written for a column.
enum class SpecColumn {
  kNumber,   // bigint: 42
  kBoolean,  // the trace's 0/1 as false/true
  kText,     // text, jsonb: a number as '42'
};

// What a spec needs to know of a table that the trace does not say.
struct SpecTable {
  std::string name;
  std::map<std::string, SpecColumn> columns;
  // CREATE TABLE of this table in `schema` ("" = unqualified: the first
  // schema of search_path), without a trailing ";".
  std::function<std::string(std::string_view schema)> create_sql;
};

struct SpecSchema {
  // Every table a trace may name, found by its unqualified name.
  std::vector<SpecTable> tables;
  // The tables the spec's setup creates in public, referenced ones first.
  std::vector<std::string> app_tables;

  const SpecTable* find(std::string_view name) const;
};

// "name", with embedded quotes doubled; U&"..." with "}" as \007D when the
// name holds a "}" (a spec block would end there).
std::string quote_identifier(std::string_view name);

// 'text' with quotes doubled; E'...' with \x7d, \n, \r and \\ escapes when
// the text holds "}", a line break or a backslash.
std::string quote_literal(std::string_view text);

// The statement of a "db.*" event as the port sends it. Throws
// std::invalid_argument when the text is not what sql_text.cc writes for `op`.
std::string spec_sql(std::string_view op, std::string_view text, const SpecSchema& schema);

}  // namespace interleave::reports
