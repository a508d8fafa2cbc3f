#pragma once
// Internal to the SQL reader: mapping libpg_query's JSON parse tree (one
// node per statement) to sql_statement.h. One file per statement family:
// sql_map_expression.cc, sql_map_utility.cc (transactions, SET, DDL),
// sql_map_dml.cc (SELECT, INSERT, UPDATE, DELETE).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/db/sql/sql_error.h"
#include "model/db/sql/sql_statement.h"

namespace interleave::model::db::sql::map {

using Json = nlohmann::json;

// The whole SQL text, for positions and for literals libpg_query's JSON
// loses (negative integers).
struct Source {
  std::string_view sql;
  int statement_location;  // where the statement being mapped starts
  // How deep expression() is in the statement's expression tree now.
  mutable int expression_depth = 0;
  [[noreturn]] void unsupported(std::string_view construct, const Json& node) const;
  [[noreturn]] void unsupported(std::string_view construct, int location) const {
    throw_unsupported(construct, sql, location < 0 ? statement_location : location);
  }
};

// The array `field` of `node`, or an empty one: a reference into the tree
// (libpg_query's JSON leaves out empty lists), safe to keep pointers into.
const Json& items(const Json& node, const char* field);
// The node's "location", or -1.
int location_of(const Json& node);
// The sval of a {"String": {"sval": ...}} node.
std::string string_of(const Json& node);

Expr expression(const Json& node, const Source& source);
TableRef table_ref(const Json& range_var, const Source& source);
// A target list of SELECT or RETURNING.
std::vector<OutputItem> output_items(const Json& targets, const Source& source, bool allow_count);
// A constant integer (LIMIT, lock_timeout, advisory keys in DDL); nullopt when the node is not one.
std::optional<std::int64_t> integer_constant(const Json& node, const Source& source);

Plan utility_statement(const std::string& kind, const Json& body, const Source& source);
Plan dml_statement(const std::string& kind, const Json& body, const Source& source);

}  // namespace interleave::model::db::sql::map
