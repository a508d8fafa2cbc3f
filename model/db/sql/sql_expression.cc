#include "model/db/sql/sql_expression.h"

#include <cstdint>

#include <fmt/format.h>

#include "model/db/error.h"
#include "model/db/sql/sql_error.h"
#include "model/db/sql/sql_values.h"

namespace interleave::model::db::sql {

namespace {

Value boolean(bool truth) { return std::int64_t{truth ? 1 : 0}; }

// The column a reference names, and the row holding its value.
struct Resolved {
  std::size_t index;
  const std::vector<Value>* row;
};

Resolved resolve(const Expr& expr, const RowScope& scope) {
  bool excluded = false;
  if (!expr.qualifier.empty()) {
    excluded = expr.qualifier == "excluded" && scope.excluded != nullptr;
    if (!excluded && expr.qualifier != scope.name) {
      throw SqlError(sqlstate::kUndefinedTable,
                     fmt::format("missing FROM-clause entry for table \"{}\"", expr.qualifier));
    }
  }
  const std::vector<Value>* row = excluded ? scope.excluded : scope.row;
  if (scope.def != nullptr) {
    if (expr.hint_shape == scope.def->shape.value()) return {expr.column_hint, row};
    if (const std::optional<std::size_t> index = scope.def->find_column(expr.column)) {
      expr.column_hint = *index;
      expr.hint_shape = scope.def->shape.value();
      return {*index, row};
    }
  }
  throw SqlError(sqlstate::kUndefinedColumn,
                 expr.qualifier.empty() ? fmt::format("column \"{}\" does not exist", expr.column)
                                        : fmt::format("column {}.{} does not exist", expr.qualifier, expr.column));
}

const Value& param_value(const Expr& expr, const EvalContext& context) {
  if (context.params == nullptr || expr.param < 1 || static_cast<std::size_t>(expr.param) > context.params->size()) {
    throw SqlError("42P02", fmt::format("there is no parameter ${}", expr.param));
  }
  return (*context.params)[static_cast<std::size_t>(expr.param) - 1];
}

std::string_view literal_type_name(const Typed& typed) {
  if (!typed.type) return "unknown";
  if (typed.int4) return "integer";
  return type_name(*typed.type);
}

bool fits_int4(const Value& value) {
  const auto* number = std::get_if<std::int64_t>(&value);
  return number != nullptr && *number >= INT32_MIN && *number <= INT32_MAX;
}

// Brings both sides to one type, as PostgreSQL resolves an operator: an
// unknown side takes the other side's type; two unknowns compare as text.
void unify(Typed& left, Typed& right, std::string_view op) {
  if (left.type && right.type) {
    if (*left.type != *right.type) {
      throw SqlError(kUndefinedFunction, fmt::format("operator does not exist: {} {} {}", literal_type_name(left), op,
                                                     literal_type_name(right)));
    }
    return;
  }
  const ColumnType type = left.type ? *left.type : right.type ? *right.type : ColumnType::kText;
  const bool int4 = left.type ? left.int4 : right.int4;
  if (!left.type) left = {column_input(type, left.value, int4), type, int4};
  if (!right.type) right = {column_input(type, right.value, int4), type, int4};
}

// <0, 0, >0; both sides non-NULL and of one type.
int compare(const Value& left, const Value& right) {
  if (const auto* a = std::get_if<std::int64_t>(&left)) {
    const std::int64_t b = std::get<std::int64_t>(right);
    return *a < b ? -1 : *a > b ? 1 : 0;
  }
  return std::get<std::string>(left).compare(std::get<std::string>(right));
}

bool holds(int order, Op op) {
  switch (op) {
    case Op::kEq: return order == 0;
    case Op::kNe: return order != 0;
    case Op::kLt: return order < 0;
    case Op::kLe: return order <= 0;
    case Op::kGt: return order > 0;
    default: return order >= 0;  // kGe
  }
}

Typed as_bigint(Typed typed) {
  if (!typed.type) return {column_input(ColumnType::kBigInt, typed.value), ColumnType::kBigInt};
  return typed;
}

Typed as_boolean(Typed typed, std::string_view construct) {
  if (!typed.type) return {column_input(ColumnType::kBoolean, typed.value), ColumnType::kBoolean};
  if (*typed.type != ColumnType::kBoolean) {
    throw SqlError(kDatatypeMismatch,
                   fmt::format("argument of {} must be type boolean, not type {}", construct, type_name(*typed.type)));
  }
  return typed;
}

Typed arithmetic(const Expr& expr, Typed left, Typed right) {
  left = as_bigint(std::move(left));
  right = as_bigint(std::move(right));
  if (*left.type != ColumnType::kBigInt || *right.type != ColumnType::kBigInt) {
    throw SqlError(kUndefinedFunction, fmt::format("operator does not exist: {} {} {}", literal_type_name(left),
                                                   op_name(expr.op), literal_type_name(right)));
  }
  if (is_null(left.value) || is_null(right.value)) return {Value{}, ColumnType::kBigInt};
  const std::int64_t a = std::get<std::int64_t>(left.value);
  const std::int64_t b = std::get<std::int64_t>(right.value);
  std::int64_t result = 0;
  bool overflow = false;
  if (expr.op == Op::kAdd) overflow = __builtin_add_overflow(a, b, &result);
  if (expr.op == Op::kSub) overflow = __builtin_sub_overflow(a, b, &result);
  if (expr.op == Op::kMul) overflow = __builtin_mul_overflow(a, b, &result);
  if (overflow) throw SqlError(kNumericOutOfRange, "bigint out of range");
  return {result, ColumnType::kBigInt};
}

}  // namespace

void check_references(const Expr& expr, const RowScope& scope, const EvalContext& context) {
  if (expr.kind == Expr::Kind::kColumn) resolve(expr, scope);
  if (expr.kind == Expr::Kind::kParam &&
      (context.params == nullptr || expr.param < 1 || static_cast<std::size_t>(expr.param) > context.params->size())) {
    throw SqlError("42P02", fmt::format("there is no parameter ${}", expr.param));
  }
  for (const Expr& arg : expr.args) check_references(arg, scope, context);
}

Typed evaluate_composite(const Expr& expr, const RowScope& scope, const EvalContext& context) {
  using Kind = Expr::Kind;
  switch (expr.kind) {
    case Kind::kConst:
      return {expr.value, expr.type, expr.type == ColumnType::kBigInt && fits_int4(expr.value)};
    case Kind::kParam: return {param_value(expr, context), std::nullopt};
    case Kind::kColumn: {
      const Resolved column = resolve(expr, scope);
      if (column.row == nullptr) throw std::logic_error("a column evaluated without a row");
      const Column& def = scope.def->columns[column.index];
      return {(*column.row)[column.index], def.type, def.int4};
    }
    case Kind::kCompare: {
      Typed left = evaluate_typed(expr.args[0], scope, context);
      Typed right = evaluate_typed(expr.args[1], scope, context);
      unify(left, right, op_name(expr.op));
      if (is_null(left.value) || is_null(right.value)) return {Value{}, ColumnType::kBoolean};
      return {boolean(holds(compare(left.value, right.value), expr.op)), ColumnType::kBoolean};
    }
    case Kind::kArithmetic:
      return arithmetic(expr, evaluate_typed(expr.args[0], scope, context),
                        evaluate_typed(expr.args[1], scope, context));
    case Kind::kNegate: {
      Typed operand = as_bigint(evaluate_typed(expr.args[0], scope, context));
      return arithmetic(Expr{.op = Op::kSub}, {std::int64_t{0}, ColumnType::kBigInt}, std::move(operand));
    }
    case Kind::kAnd:
    case Kind::kOr: {
      const bool is_and = expr.kind == Kind::kAnd;
      bool unknown = false;
      for (const Expr& arg : expr.args) {
        const Value truth = as_boolean(evaluate_typed(arg, scope, context), is_and ? "AND" : "OR").value;
        if (is_null(truth)) {
          unknown = true;
        } else if (is_true(truth) != is_and) {
          return {boolean(!is_and), ColumnType::kBoolean};  // false decides AND, true decides OR
        }
      }
      return {unknown ? Value{} : boolean(is_and), ColumnType::kBoolean};
    }
    case Kind::kNot: {
      const Value truth = as_boolean(evaluate_typed(expr.args[0], scope, context), "NOT").value;
      return {is_null(truth) ? Value{} : boolean(!is_true(truth)), ColumnType::kBoolean};
    }
    case Kind::kIsNull:
    case Kind::kIsNotNull: {
      const bool null = is_null(evaluate_typed(expr.args[0], scope, context).value);
      return {boolean(null == (expr.kind == Kind::kIsNull)), ColumnType::kBoolean};
    }
    case Kind::kIn: {
      // x IN (a, b) is x = a OR x = b.
      const Typed left = evaluate_typed(expr.args[0], scope, context);
      bool unknown = false;
      for (std::size_t i = 1; i < expr.args.size(); ++i) {
        Typed l = left;
        Typed r = evaluate_typed(expr.args[i], scope, context);
        unify(l, r, "=");
        if (is_null(l.value) || is_null(r.value)) {
          unknown = true;
        } else if (compare(l.value, r.value) == 0) {
          return {boolean(true), ColumnType::kBoolean};
        }
      }
      return {unknown ? Value{} : boolean(false), ColumnType::kBoolean};
    }
  }
  throw std::logic_error("unknown expression kind");
}

namespace {

// `col = X` or `X = col`, X a parameter or a literal of no type or of the
// column's type: where the key comes from, as unify() would read X.
bool key_equality(const Expr& expr, const RowScope& scope, std::size_t param_count, KeySource& key) {
  if (expr.kind != Expr::Kind::kCompare || expr.op != Op::kEq) return false;
  const bool column_first = expr.args[0].kind == Expr::Kind::kColumn;
  const Expr& column = expr.args[column_first ? 0 : 1];
  const Expr& other = expr.args[column_first ? 1 : 0];
  if (column.kind != Expr::Kind::kColumn || (other.kind != Expr::Kind::kParam && other.kind != Expr::Kind::kConst)) {
    return false;
  }
  const Resolved resolved = resolve(column, scope);
  if (resolved.row != scope.row) return false;  // excluded.col
  const Column& def = scope.def->columns[resolved.index];
  key = {.column = resolved.index, .type = def.type, .int4 = def.int4};
  if (other.kind == Expr::Kind::kParam) {
    key.param = other.param;
    return other.param >= 1 && static_cast<std::size_t>(other.param) <= param_count;
  }
  if (other.type && *other.type != def.type) return false;  // 42883, row by row
  key.constant = other.type ? other.value : column_input(def.type, other.value, def.int4);
  return true;
}

}  // namespace

std::optional<KeyPlan> key_plan(const Expr& where, const RowScope& scope, std::size_t param_count) {
  if (scope.def == nullptr) return std::nullopt;
  const bool conjunction = where.kind == Expr::Kind::kAnd;
  const std::size_t terms = conjunction ? where.args.size() : 1;
  KeyPlan plan;
  if (terms > plan.keys.size()) return std::nullopt;
  try {
    for (; plan.count < terms; ++plan.count) {
      if (!key_equality(conjunction ? where.args[plan.count] : where, scope, param_count, plan.keys[plan.count])) {
        return std::nullopt;
      }
    }
    return plan;
  } catch (const SqlError&) {
    return std::nullopt;
  }
}

bool key_match(const KeyPlan& plan, const EvalContext& context, KeyMatch& match) {
  match.count = plan.count;
  for (std::size_t i = 0; i < plan.count; ++i) {
    const KeySource& source = plan.keys[i];
    KeyEquality& key = match.keys[i];
    key.column = source.column;
    if (source.param == 0) {
      key.value = &source.constant;
      continue;
    }
    const Value& given = (*context.params)[static_cast<std::size_t>(source.param) - 1];
    // The usual case, a number for a bigint column, needs no reading.
    if (std::holds_alternative<std::int64_t>(given) && source.type == ColumnType::kBigInt && !source.int4) {
      key.value = &given;
      continue;
    }
    try {
      key.value = &match.read[i].emplace(column_input(source.type, given, source.int4));
    } catch (const SqlError&) {
      return false;
    }
  }
  return true;
}

std::optional<ColumnType> result_type(const Expr& expr, const RowScope& scope) {
  using Kind = Expr::Kind;
  switch (expr.kind) {
    case Kind::kConst: return expr.type;
    case Kind::kParam: return std::nullopt;
    case Kind::kColumn: return scope.def->columns[resolve(expr, scope).index].type;
    case Kind::kArithmetic:
    case Kind::kNegate: return ColumnType::kBigInt;
    default: return ColumnType::kBoolean;
  }
}

}  // namespace interleave::model::db::sql
