#pragma once
// Scalar expressions of the SQL subset and their evaluation over one row:
// constants, $n parameters, column references, comparisons, + - *, AND OR
// NOT (three-valued), IS [NOT] NULL, IN (...). Booleans evaluate to the
// bigint 1 or 0, unknown to NULL.
//
// Typing follows PostgreSQL where it matters: a quoted literal or a
// parameter has no type of its own and is read as the type of the column it
// meets (so `flag = 'yes'` and `id = $1` work), an integer literal is a
// number, and a text column compared with a number is 42883.
//
// Example:
//   Expr where = ...;  // mapped from "balance >= $1 AND owner IS NOT NULL"
//   RowScope scope{.def = &def, .name = "accounts", .row = &values};
//   bool keep = is_true(evaluate(where, scope, {.params = &params}));

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/db/table.h"
#include "model/db/value.h"

namespace interleave::model::db::sql {

// The operator of a kCompare or kArithmetic, comparisons first;
// PostgreSQL reads != as <>.
enum class Op : std::uint8_t { kNone, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul };
inline bool is_arithmetic(Op op) { return op >= Op::kAdd; }
inline constexpr std::pair<std::string_view, Op> kOperators[] = {
    {"=", Op::kEq}, {"<>", Op::kNe}, {"!=", Op::kNe}, {"<", Op::kLt},  {"<=", Op::kLe},
    {">", Op::kGt}, {">=", Op::kGe}, {"+", Op::kAdd}, {"-", Op::kSub}, {"*", Op::kMul}};
// "=" -> kEq ... "*" -> kMul ("!=" -> kNe); nullopt for an operator the model lacks.
inline std::optional<Op> op_named(std::string_view name) {
  for (const auto& [text, op] : kOperators) {
    if (text == name) return op;
  }
  return std::nullopt;
}
// As PostgreSQL prints it in messages (kNe: "<>").
inline std::string_view op_name(Op op) {
  for (const auto& [text, known] : kOperators) {
    if (known == op) return text;
  }
  return "";
}

// Mapping, evaluating and freeing an Expr recurse once per level, on a
// fiber's stack when the statement runs. The reader refuses deeper
// expressions as not supported (only generated text has them: PostgreSQL
// flattens AND/OR chains and IN lists), so no text can overflow that stack.
inline constexpr int kMaxExpressionDepth = 100;

struct Expr {
  enum class Kind : std::uint8_t {
    kConst,      // value; typed: an integer or boolean literal, else a quoted literal (unknown) or NULL
    kParam,      // $param
    kColumn,     // [qualifier.]column
    kCompare,    // args[0] op args[1], op one of = <> < <= > >=
    kArithmetic, // args[0] op args[1], op one of + - *
    kNegate,     // - args[0]
    kAnd,        // args...
    kOr,         // args...
    kNot,        // args[0]
    kIsNull,     // args[0] IS NULL
    kIsNotNull,  // args[0] IS NOT NULL
    kIn,         // args[0] IN (args[1], ...)
  };
  Kind kind = Kind::kConst;
  Value value{};
  std::optional<ColumnType> type{};  // kConst: the literal's type; nullopt: unknown
  int param = 0;                     // kParam: 1-based
  std::string qualifier{};           // kColumn: table, alias or "excluded"; empty: unqualified
  std::string column{};              // kColumn
  Op op = Op::kNone;                 // kCompare, kArithmetic
  std::vector<Expr> args{};
  int location = -1;                 // byte offset in the SQL text, for messages
  // kColumn: the index the column had in the table last read, trusted for
  // the same TableDef (hint_shape) and checked by name for another, so a
  // table of another shape only costs a search. (A statement is read per
  // thread, so only one thread writes them.)
  mutable std::size_t column_hint = 0;
  mutable std::uint64_t hint_shape = 0;
};

// The row an expression sees. No table (def null): only constants and
// parameters evaluate.
struct RowScope {
  const TableDef* def = nullptr;
  std::string_view name{};                        // the table's name, or its alias
  const std::vector<Value>* row = nullptr;        // one value per def column
  const std::vector<Value>* excluded = nullptr;   // ON CONFLICT DO UPDATE: the row proposed for insertion
};

struct EvalContext {
  const std::vector<Value>* params = nullptr;  // $1 is (*params)[0]
};

// A value with its type; nullopt type: an unknown literal or a parameter.
struct Typed {
  Value value;
  std::optional<ColumnType> type;
  bool int4 = false;  // of PostgreSQL's type integer (a small integer literal, an integer column), for messages
};

// Throws SqlError for a column or table reference the scope lacks (42703,
// 42P01), as PostgreSQL does before it reads any row.
void check_references(const Expr& expr, const RowScope& scope, const EvalContext& context);

// Every form; evaluate_typed() calls it for all but the two leaves.
Typed evaluate_composite(const Expr& expr, const RowScope& scope, const EvalContext& context);
// The value of an unqualified column of the table its hint was taken from;
// nullptr for any other expression (evaluate it).
inline const Value* column_in_row(const Expr& expr, const RowScope& scope) {
  if (expr.kind != Expr::Kind::kColumn || !expr.qualifier.empty() || scope.def == nullptr || scope.row == nullptr ||
      expr.hint_shape != scope.def->shape.value()) {
    return nullptr;
  }
  return &(*scope.row)[expr.column_hint];
}
// The leaves services write most, a parameter and a column, evaluate
// inline: a call into the whole evaluator costs more in instruction-cache
// misses than the leaf's work.
inline Typed evaluate_typed(const Expr& expr, const RowScope& scope, const EvalContext& context) {
  if (expr.kind == Expr::Kind::kParam && context.params != nullptr && expr.param >= 1 &&
      static_cast<std::size_t>(expr.param) <= context.params->size()) {
    return {(*context.params)[static_cast<std::size_t>(expr.param) - 1], std::nullopt};
  }
  if (const Value* value = column_in_row(expr, scope)) {
    const Column& column = scope.def->columns[expr.column_hint];
    return {*value, column.type, column.int4};
  }
  return evaluate_composite(expr, scope, context);
}
inline Value evaluate(const Expr& expr, const RowScope& scope, const EvalContext& context) {
  return evaluate_typed(expr, scope, context).value;
}
// WHERE keeps a row only when its condition is true (not false, not NULL).
inline bool is_true(const Value& value) {
  const auto* truth = std::get_if<std::int64_t>(&value);
  return truth != nullptr && *truth != 0;
}

// A WHERE of the shape services write most, `col = X [AND col = X ...]`
// with each X a parameter or a literal: the columns and the values read as
// their types, evaluated once per statement. A row keeps exactly when each
// of its columns holds a non-NULL value equal to its key.
struct KeyEquality {
  std::size_t column = 0;
  const Value* value = nullptr;  // a parameter, the plan's constant, or a value read from a parameter
};
struct KeyMatch {
  KeyMatch() = default;
  KeyMatch(const KeyMatch&) = delete;  // its keys may point into itself
  KeyMatch& operator=(const KeyMatch&) = delete;
  bool keeps(const std::vector<Value>& row) const {
    for (std::size_t i = 0; i < count; ++i) {
      const Value& actual = row[keys[i].column];
      if (is_null(actual) || is_null(*keys[i].value) || actual != *keys[i].value) return false;
    }
    return true;
  }

  std::array<KeyEquality, 3> keys{};
  std::array<std::optional<Value>, 3> read{};  // a parameter read as its column's type, where it needed reading
  std::size_t count = 0;
};
// Where each key of such a WHERE comes from, worked out once per statement
// and table shape (a statement's ShapeMemo keeps it): the column, and the
// constant already read as its type, or the parameter to read per call.
struct KeySource {
  std::size_t column = 0;
  ColumnType type = ColumnType::kText;
  bool int4 = false;
  int param = 0;  // 1-based; 0: `constant` is the key
  Value constant{};
};
struct KeyPlan {
  std::array<KeySource, 3> keys{};
  std::size_t count = 0;
};
// nullopt when `where` has another shape, names a parameter beyond
// `param_count` or a constant its column cannot read (evaluation row by row
// then gives PostgreSQL's error).
std::optional<KeyPlan> key_plan(const Expr& where, const RowScope& scope, std::size_t param_count);
// Fills `match` for one call's parameters; false when one cannot be read as
// its column's type (evaluation row by row then gives PostgreSQL's error).
// The match points into `plan` and `context`'s parameters: both outlive it.
bool key_match(const KeyPlan& plan, const EvalContext& context, KeyMatch& match);

// The type PostgreSQL would give the expression's result column; nullopt
// for an unknown literal (which PostgreSQL returns as text).
std::optional<ColumnType> result_type(const Expr& expr, const RowScope& scope);

}  // namespace interleave::model::db::sql
