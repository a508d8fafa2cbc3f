// Expressions, table references and output lists of the parse tree.

#include <cctype>
#include <charconv>

#include "model/db/sql/sql_map.h"

namespace interleave::model::db::sql::map {

namespace {

// The node's kind ("A_Const", "ColumnRef", ...) and body.
std::pair<std::string, const Json*> kind_of(const Json& node) {
  if (!node.is_object() || node.size() != 1) return {"", &node};
  return {node.begin().key(), &node.begin().value()};
}

// libpg_query's JSON drops the sign (and zero) of an integer constant, so
// the digits are read back from the text at the constant's location:
// "-5", "- 5", "5".
std::optional<std::int64_t> integer_at(std::string_view sql, int location) {
  if (location < 0 || static_cast<std::size_t>(location) >= sql.size()) return std::nullopt;
  std::size_t at = static_cast<std::size_t>(location);
  bool negative = false;
  if (sql[at] == '-') {
    negative = true;
    ++at;
    while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at]))) ++at;
  }
  std::size_t end = at;
  while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
  if (end == at) return std::nullopt;
  std::int64_t number = 0;
  auto [stop, error] = std::from_chars(sql.data() + at, sql.data() + end, number);
  if (error != std::errc() || stop != sql.data() + end) return std::nullopt;
  return negative ? -number : number;
}

Expr constant(const Json& body, const Source& source) {
  const int location = location_of(body);
  Expr expr{.kind = Expr::Kind::kConst, .location = location};
  if (body.value("isnull", false)) return expr;
  if (body.contains("ival")) {
    std::optional<std::int64_t> number = integer_at(source.sql, location);
    if (!number) source.unsupported("this integer constant", location);
    expr.value = *number;
    expr.type = ColumnType::kBigInt;
  } else if (body.contains("sval")) {
    expr.value = body["sval"].value("sval", std::string());
  } else if (body.contains("boolval")) {
    expr.value = std::int64_t{body["boolval"].value("boolval", false) ? 1 : 0};
    expr.type = ColumnType::kBoolean;
  } else if (body.contains("fval")) {
    // Integers past int4 arrive as fval; true decimals are numeric, which the model lacks.
    const std::string digits = body["fval"].value("fval", std::string());
    std::int64_t number = 0;
    auto [stop, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || stop != digits.data() + digits.size()) source.unsupported("numeric constant", location);
    expr.value = number;
    expr.type = ColumnType::kBigInt;
  } else {
    source.unsupported("this constant", location);
  }
  return expr;
}

Expr column_ref(const Json& body, const Source& source) {
  const int location = location_of(body);
  const Json& fields = body["fields"];
  Expr expr{.kind = Expr::Kind::kColumn, .location = location};
  for (const Json& field : fields) {
    if (!field.contains("String")) source.unsupported("* in an expression", location);
  }
  if (fields.size() == 1) {
    expr.column = string_of(fields[0]);
  } else if (fields.size() == 2) {
    expr.qualifier = string_of(fields[0]);
    expr.column = string_of(fields[1]);
  } else {
    source.unsupported("a column reference qualified by a schema", location);
  }
  return expr;
}

Expr operator_expression(const Json& body, const Source& source) {
  const int location = location_of(body);
  const std::string kind = body.value("kind", std::string());
  if (!body.contains("name") || body["name"].size() != 1) source.unsupported("a schema-qualified operator", location);
  const std::string op = string_of(body["name"][0]);
  if (kind == "AEXPR_IN") {
    if (op != "=") source.unsupported("NOT IN", location);
    Expr in{.kind = Expr::Kind::kIn, .location = location};
    in.args.push_back(expression(body["lexpr"], source));
    const auto [list_kind, list] = kind_of(body["rexpr"]);
    if (list_kind != "List") source.unsupported("IN with a subquery", location);
    for (const Json& item : (*list)["items"]) in.args.push_back(expression(item, source));
    return in;
  }
  if (kind != "AEXPR_OP") source.unsupported("this operator form", location);
  if (!body.contains("lexpr")) {
    if (op != "-") source.unsupported("prefix operator " + op, location);
    return Expr{.kind = Expr::Kind::kNegate, .args = {expression(body["rexpr"], source)}, .location = location};
  }
  const std::optional<Op> known = op_named(op);
  if (!known) source.unsupported("operator " + op, location);
  Expr expr{.kind = is_arithmetic(*known) ? Expr::Kind::kArithmetic : Expr::Kind::kCompare, .op = *known,
            .location = location};
  expr.args.push_back(expression(body["lexpr"], source));
  expr.args.push_back(expression(body["rexpr"], source));
  return expr;
}

}  // namespace

void Source::unsupported(std::string_view construct, const Json& node) const {
  const auto [kind, body] = kind_of(node);
  unsupported(construct, location_of(*body));
}

const Json& items(const Json& node, const char* field) {
  static const Json kEmpty = Json::array();
  if (!node.is_object()) return kEmpty;
  auto found = node.find(field);
  return found != node.end() && found->is_array() ? *found : kEmpty;
}

int location_of(const Json& node) {
  if (node.is_object() && node.contains("location") && node["location"].is_number_integer()) {
    return node["location"].get<int>();
  }
  return -1;
}

std::string string_of(const Json& node) {
  if (node.contains("String")) return node["String"].value("sval", std::string());
  return std::string();
}

std::optional<std::int64_t> integer_constant(const Json& node, const Source& source) {
  const auto [kind, body] = kind_of(node);
  if (kind != "A_Const") return std::nullopt;
  Expr expr = constant(*body, source);
  if (expr.type != ColumnType::kBigInt) return std::nullopt;
  return std::get<std::int64_t>(expr.value);
}

namespace {

Expr expression_node(const Json& node, const Source& source);

}  // namespace

Expr expression(const Json& node, const Source& source) {
  if (source.expression_depth >= kMaxExpressionDepth) {
    source.unsupported("an expression nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels", node);
  }
  ++source.expression_depth;
  Expr expr = expression_node(node, source);
  --source.expression_depth;  // a refusal above ends the whole mapping: no unwinding needed
  return expr;
}

namespace {

Expr expression_node(const Json& node, const Source& source) {
  const auto [kind, body] = kind_of(node);
  const int location = location_of(*body);
  if (kind == "A_Const") return constant(*body, source);
  if (kind == "ColumnRef") return column_ref(*body, source);
  if (kind == "ParamRef") {
    return Expr{.kind = Expr::Kind::kParam, .param = body->value("number", 0), .location = location};
  }
  if (kind == "A_Expr") return operator_expression(*body, source);
  if (kind == "BoolExpr") {
    const std::string op = body->value("boolop", std::string());
    Expr expr{.location = location};
    expr.kind = op == "AND_EXPR" ? Expr::Kind::kAnd : op == "OR_EXPR" ? Expr::Kind::kOr : Expr::Kind::kNot;
    for (const Json& arg : (*body)["args"]) expr.args.push_back(expression(arg, source));
    return expr;
  }
  if (kind == "NullTest") {
    const bool is_null = body->value("nulltesttype", std::string()) == "IS_NULL";
    return Expr{.kind = is_null ? Expr::Kind::kIsNull : Expr::Kind::kIsNotNull,
                .args = {expression((*body)["arg"], source)},
                .location = location};
  }
  if (kind == "FuncCall") {
    if (body->contains("over")) source.unsupported("window function", location);
    std::string name;
    for (const Json& part : (*body)["funcname"]) name += (name.empty() ? "" : ".") + string_of(part);
    source.unsupported("function " + name + "()", location);
  }
  if (kind == "SubLink") source.unsupported("subquery", location);
  if (kind == "TypeCast") source.unsupported("type cast", location);
  if (kind == "CaseExpr") source.unsupported("CASE", location);
  if (kind == "CoalesceExpr") source.unsupported("COALESCE", location);
  if (kind == "BooleanTest") source.unsupported("IS TRUE/FALSE/UNKNOWN", location);
  if (kind == "RowExpr") source.unsupported("row constructor", location);
  source.unsupported(kind.empty() ? std::string("this expression") : "expression " + kind, location);
}

}  // namespace

TableRef table_ref(const Json& node, const Source& source) {
  const auto [kind, body] = kind_of(node);
  // RangeVar nodes appear bare (INSERT/UPDATE's relation) or wrapped.
  const Json& range_var = kind == "RangeVar" ? *body : node;
  const int location = location_of(range_var);
  if (kind == "JoinExpr") source.unsupported("JOIN", location_of(*body));
  if (kind == "RangeSubselect") source.unsupported("subquery in FROM", location);
  if (kind == "RangeFunction") source.unsupported("function in FROM", location);
  if (!range_var.contains("relname")) source.unsupported("this FROM item", location);
  if (range_var.contains("catalogname")) source.unsupported("a database-qualified table name", location);
  if (!range_var.value("inh", true)) source.unsupported("ONLY", location);
  TableRef ref{.name = TableName(range_var.value("relname", std::string())), .location = location};
  if (range_var.contains("schemaname")) ref.name.schema = range_var["schemaname"].get<std::string>();
  if (range_var.contains("alias")) {
    const Json& alias = range_var["alias"];
    if (alias.contains("colnames")) source.unsupported("column aliases", location);
    ref.alias = alias.value("aliasname", std::string());
  }
  return ref;
}

std::vector<OutputItem> output_items(const Json& targets, const Source& source, bool allow_count) {
  std::vector<OutputItem> items;
  for (const Json& target : targets) {
    const Json& res = target["ResTarget"];
    const Json& value = res["val"];
    const auto [kind, body] = kind_of(value);
    OutputItem item;
    if (kind == "ColumnRef" && (*body)["fields"].back().contains("A_Star")) {
      if ((*body)["fields"].size() != 1) source.unsupported("table.*", location_of(*body));
      item.kind = OutputItem::Kind::kStar;
    } else if (kind == "FuncCall" && allow_count && (*body)["funcname"].size() == 1 &&
               string_of((*body)["funcname"][0]) == "count" && body->value("agg_star", false) &&
               !body->contains("agg_filter") && !body->contains("over")) {
      item.kind = OutputItem::Kind::kCountStar;
      item.name = "count";
    } else {
      item.expr = expression(value, source);
      item.name = item.expr.kind == Expr::Kind::kColumn ? item.expr.column : "?column?";
    }
    if (res.contains("name")) item.name = res["name"].get<std::string>();
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace interleave::model::db::sql::map
