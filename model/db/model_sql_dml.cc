// SELECT, INSERT [ON CONFLICT], UPDATE and DELETE given as SQL text: WHERE
// is a predicate evaluated per row version (also in the EvalPlanQual
// re-check after a row-lock wait), SET expressions are evaluated on the
// version the UPDATE finally locks, RETURNING on the rows written.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "model/db/model_session.h"
#include "model/db/sql/sql_error.h"
#include "model/db/sql/sql_values.h"

namespace interleave::model::db {

namespace {

using sql::Expr;
using sql::OutputItem;
using sql::RowScope;


// The output columns of a SELECT list or RETURNING.
SqlColumns output_columns(const std::vector<OutputItem>& items, const RowScope& scope) {
  std::vector<SqlColumn> columns;
  for (const OutputItem& item : items) {
    switch (item.kind) {
      case OutputItem::Kind::kStar:
        for (const Column& column : scope.def->columns) columns.push_back({column.name, column.type});
        break;
      case OutputItem::Kind::kCountStar: columns.push_back({item.name, ColumnType::kBigInt}); break;
      case OutputItem::Kind::kExpression:
        columns.push_back({item.name, sql::result_type(item.expr, scope).value_or(ColumnType::kText)});
        break;
    }
  }
  return SqlColumns(std::move(columns));
}

// An output value that is no column: an unknown literal or a parameter
// comes back as text.
[[gnu::noinline]] Value output_value(const Expr& expr, const RowScope& scope, const sql::EvalContext& context) {
  Value value = sql::evaluate(expr, scope, context);
  if (!sql::result_type(expr, scope) && std::holds_alternative<std::int64_t>(value)) {
    value = std::to_string(std::get<std::int64_t>(value));
  }
  return value;
}

[[gnu::noinline]] void append_whole_row(std::vector<Value>& row, const RowScope& scope) {
  row.insert(row.end(), scope.row->begin(), scope.row->end());
}

std::vector<Value> output_row(const std::vector<OutputItem>& items, const RowScope& scope,
                              const sql::EvalContext& context) {
  std::vector<Value> row;
  row.reserve(items.size());
  for (const OutputItem& item : items) {
    if (item.kind == OutputItem::Kind::kStar) {
      append_whole_row(row, scope);
    } else if (const Value* value = sql::column_in_row(item.expr, scope)) {
      row.push_back(*value);
    } else if (item.expr.kind == Expr::Kind::kColumn) {
      row.push_back(sql::evaluate(item.expr, scope, context));  // a column keeps its type
    } else {
      row.push_back(output_value(item.expr, scope, context));
    }
  }
  return row;
}

void check_output(const std::vector<OutputItem>& items, const RowScope& scope, const sql::EvalContext& context) {
  for (const OutputItem& item : items) {
    if (item.kind == OutputItem::Kind::kStar && scope.def == nullptr) {
      throw sql::SqlError(sql::kSyntaxError, "SELECT * with no tables specified is not valid");
    }
    if (item.kind == OutputItem::Kind::kExpression) sql::check_references(item.expr, scope, context);
  }
}

Value converted(const Column& column, const sql::Typed& typed);

// A value assigned to a column, as PostgreSQL's assignment coercion does:
// an unknown literal or parameter is read as the column's type, a number
// may become text; anything else of another type is 42804.
Value assigned(const Column& column, sql::Typed typed) {
  // The usual case: a number for a bigint column.
  if (column.type == ColumnType::kBigInt && !column.int4 && std::holds_alternative<std::int64_t>(typed.value) &&
      (!typed.type || *typed.type == ColumnType::kBigInt)) {
    return std::move(typed.value);
  }
  Value value = typed.value;
  if (!typed.type || is_null(typed.value)) {
    value = sql::column_input(column.type, typed.value, column.int4);
  } else if (*typed.type != column.type) {
    value = converted(column, typed);
  }
  if (column.int4) {
    if (const auto* number = std::get_if<std::int64_t>(&value); number && (*number < INT32_MIN || *number > INT32_MAX)) {
      throw sql::SqlError(sql::kNumericOutOfRange, "integer out of range");
    }
  }
  return value;
}

// Another type assigned to a column: a number or a boolean may become text.
Value converted(const Column& column, const sql::Typed& typed) {
  if (column.type == ColumnType::kText && *typed.type == ColumnType::kBigInt) {
    return std::to_string(std::get<std::int64_t>(typed.value));
  }
  if (column.type == ColumnType::kText && *typed.type == ColumnType::kBoolean) {
    return std::string(std::get<std::int64_t>(typed.value) != 0 ? "true" : "false");
  }
  throw sql::SqlError("42804", fmt::format("column \"{}\" is of type {} but expression is of type {}", column.name,
                                           column.int4 ? "integer" : sql::type_name(column.type),
                                           typed.int4 ? "integer" : sql::type_name(*typed.type)));
}

// Columns of a unique constraint are PostgreSQL's key columns: changing
// one takes FOR UPDATE, otherwise FOR NO KEY UPDATE.
bool is_key_column(const TableDef& def, std::size_t column) {
  if (def.id_column && column == 0) return true;
  return std::any_of(def.uniques.begin(), def.uniques.end(), [&](const UniqueConstraint& unique) {
    return std::find(unique.columns.begin(), unique.columns.end(), column) != unique.columns.end();
  });
}

// The row an UPDATE writes: `old` with SET evaluated on it. Out of line:
// an UPDATE that may change a key evaluates it twice.
[[gnu::noinline]] std::vector<Value> updated_values(const sql::Update& plan, const sql::ShapeMemo& memo,
                                                    const RowScope& scope, const std::vector<Value>& old,
                                                    const sql::EvalContext& context) {
  RowScope row_scope = scope;
  row_scope.row = &old;
  std::vector<Value> values = old;
  const std::vector<std::size_t>& columns = memo.columns;
  for (std::size_t i = 0; i < plan.set.size(); ++i) {
    values[columns[i]] = assigned(scope.def->columns[columns[i]], sql::evaluate_typed(plan.set[i].second, row_scope, context));
  }
  return values;
}

[[gnu::noinline]] bool changes_key(const TableDef& def, const std::vector<Value>& old, const std::vector<Value>& updated) {
  for (std::size_t i = 0; i < def.columns.size(); ++i) {
    if (old[i] != updated[i] && is_key_column(def, i)) return true;
  }
  return false;
}

[[gnu::noinline]] bool changes_reference(const TableDef& def, const std::vector<Value>& old,
                                         const std::vector<Value>& updated) {
  return std::any_of(def.foreign_keys.begin(), def.foreign_keys.end(),
                     [&](const ForeignKey& key) { return old[key.column] != updated[key.column]; });
}

// A SELECT with count(*): one row of counts.
[[gnu::always_inline]] inline bool counts(const sql::Select& plan) {
  return std::any_of(plan.items.begin(), plan.items.end(),
                     [](const OutputItem& item) { return item.kind == OutputItem::Kind::kCountStar; });
}

// "UPDATE 1": the prefix and the count (a statement's result is built on
// every run; most counts are one digit).
std::string command_tag(std::string_view prefix, std::int64_t count) {
  std::string tag(prefix);
  if (count >= 0 && count < 10) [[likely]] {
    tag += static_cast<char>('0' + count);
  } else {
    std::array<char, 24> digits{};
    tag.append(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), count).ptr);
  }
  return tag;
}

SqlResult rows_result(SqlColumns columns, std::vector<std::vector<Value>> rows, std::string_view tag_prefix) {
  const auto count = static_cast<std::int64_t>(rows.size());
  return SqlResult{.returns_rows = true,
                   .columns = std::move(columns),
                   .rows = std::move(rows),
                   .rows_affected = count,
                   .command_tag = command_tag(tag_prefix, count)};
}

// <0, 0, >0 for ORDER BY, NULLs placed as the key asks.
int order_compare(const Value& a, const Value& b, const sql::OrderKey& key) {
  if (is_null(a) || is_null(b)) {
    if (is_null(a) && is_null(b)) return 0;
    const bool a_first = is_null(a) == key.nulls_first;
    return a_first ? -1 : 1;
  }
  int order = 0;
  if (std::holds_alternative<std::int64_t>(a) && std::holds_alternative<std::int64_t>(b)) {
    order = std::get<std::int64_t>(a) < std::get<std::int64_t>(b) ? -1 : std::get<std::int64_t>(a) > std::get<std::int64_t>(b);
  } else {
    order = sql_literal(a).compare(sql_literal(b));
    if (std::holds_alternative<std::string>(a) && std::holds_alternative<std::string>(b)) {
      order = std::get<std::string>(a).compare(std::get<std::string>(b));
    }
  }
  return key.descending ? -order : order;
}

// The rows' indexes in ORDER BY order: sort keys computed once per row, a
// stable sort keeping heap order among equals. Out of line: most
// statements have no ORDER BY.
template <typename ValuesOf>
[[gnu::noinline]] std::vector<std::size_t> ordered(std::vector<std::size_t> seen, const std::vector<sql::OrderKey>& order,
                                                   const RowScope& scope, const sql::EvalContext& context,
                                                   ValuesOf values_of) {
  std::vector<std::pair<std::size_t, std::vector<Value>>> keyed;
  for (std::size_t index : seen) {
    RowScope row_scope = scope;
    row_scope.row = &values_of(index);
    std::vector<Value> keys;
    for (const sql::OrderKey& key : order) keys.push_back(sql::evaluate(key.expr, row_scope, context));
    keyed.emplace_back(index, std::move(keys));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    for (std::size_t k = 0; k < order.size(); ++k) {
      const int compared = order_compare(a.second[k], b.second[k], order[k]);
      if (compared != 0) return compared < 0;
    }
    return false;
  });
  seen.clear();
  for (const auto& [index, keys] : keyed) seen.push_back(index);
  return seen;
}

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

// LIMIT's count; kNoLimit for LIMIT NULL. Out of line: most SELECTs have none.
[[gnu::noinline]] std::int64_t limit_of(const Expr& limit, const sql::EvalContext& context) {
  sql::check_references(limit, {}, context);
  const Value value = sql::column_input(ColumnType::kBigInt, sql::evaluate(limit, {}, context));
  if (is_null(value)) return kNoLimit;
  if (std::get<std::int64_t>(value) < 0) throw sql::SqlError("2201W", "LIMIT must not be negative");
  return std::get<std::int64_t>(value);
}

// The one row a SELECT with count(*) returns.
[[gnu::noinline]] std::vector<Value> count_row(const std::vector<OutputItem>& items, std::int64_t counted,
                                               const sql::EvalContext& context) {
  std::vector<Value> row;
  for (const OutputItem& item : items) {
    row.push_back(item.kind == OutputItem::Kind::kCountStar ? Value{counted} : sql::evaluate(item.expr, {}, context));
  }
  return row;
}

}  // namespace

// WHERE of SQL text, over a version's values: by its keys when the
// statement's memo found it has the key form and this call's parameters
// read as their columns' types, else evaluated row by row.
class ModelSession::SqlFilter final : public RowFilter {
 public:
  SqlFilter(const std::optional<Expr>& where, const std::optional<sql::KeyPlan>& keys, const RowScope& scope,
            const sql::EvalContext& context)
      : where_(where), scope_(scope), context_(context) {
    by_keys_ = where_ && keys && sql::key_match(*keys, context_, keys_);
  }
  bool keeps(const std::vector<Value>& values) const override {
    if (!where_) return true;
    if (by_keys_) return keys_.keeps(values);
    RowScope scope = scope_;
    scope.row = &values;
    return sql::is_true(sql::evaluate(*where_, scope, context_));
  }

 private:
  const std::optional<Expr>& where_;
  RowScope scope_;
  const sql::EvalContext& context_;
  sql::KeyMatch keys_;  // the fast form of a `col = $1 AND ...` WHERE, when by_keys_
  bool by_keys_ = false;
};

namespace {
// A WHERE's key form, or else the check of its references (42703/42P01/
// 42P02) the server makes before it reads a row; a key form resolved them all.
std::optional<sql::KeyPlan> checked_where(const std::optional<Expr>& where, const RowScope& scope,
                                          const sql::EvalContext& context) {
  if (!where) return std::nullopt;
  std::optional<sql::KeyPlan> keys = sql::key_plan(*where, scope, context.params->size());
  if (!keys) sql::check_references(*where, scope, context);
  return keys;
}
}  // namespace

// A SELECT's checks against its table before any row is read (its
// references, and what count(*) does not allow beside it) and its result's
// columns, kept in its memo. Once per statement and table: out of line and
// out of the way of the rows' path.
void ModelSession::prepare_select(const sql::Select& plan, const RowScope& scope, const SqlCall& call) {
  const sql::EvalContext context{.params = &call.params};
  check_output(plan.items, scope, context);
  std::optional<sql::KeyPlan> keys = checked_where(plan.where, scope, context);
  for (const sql::OrderKey& key : plan.order) sql::check_references(key.expr, scope, context);
  if (counts(plan)) {
    for (const OutputItem& item : plan.items) {
      if (item.kind == OutputItem::Kind::kCountStar) continue;
      std::string column = item.kind == OutputItem::Kind::kStar ? scope.def->columns[0].name : item.expr.column;
      if (item.kind == OutputItem::Kind::kExpression && item.expr.kind != Expr::Kind::kColumn) continue;
      fail(sql::kGroupingError,
           fmt::format("column \"{}.{}\" must appear in the GROUP BY clause or be used in an aggregate function",
                       plan.from->scope_name(), column),
           call.text);
    }
    if (plan.lock != RowLock::kNone) {
      fail(sql::kFeatureNotSupported,
           fmt::format("{} is not allowed with aggregate functions",
                       plan.lock == RowLock::kForUpdate         ? "FOR UPDATE"
                       : plan.lock == RowLock::kForNoKeyUpdate  ? "FOR NO KEY UPDATE"
                       : plan.lock == RowLock::kForShare        ? "FOR SHARE"
                                                                : "FOR KEY SHARE"),
           call.text);
    }
  }
  plan.memo = boost::make_local_shared<const sql::ShapeMemo>(sql::ShapeMemo{.shape = scope.def->shape.value(),
                                                                            .params = call.params.size(),
                                                                            .output = output_columns(plan.items, scope),
                                                                            .keys = std::move(keys)});
}

// SELECT 1, $1, 'a' [WHERE ...]: one row, or none.
SqlResult ModelSession::select_without_table(const sql::Select& plan, const SqlCall& call) {
  const std::string& text = call.text;
  const sql::EvalContext context{.params = &call.params};
  const bool counting = counts(plan);
  const RowScope scope{};
  check_output(plan.items, scope, context);
  if (plan.where) sql::check_references(*plan.where, scope, context);
  const bool kept = !plan.where || sql::is_true(sql::evaluate(*plan.where, scope, context));
  std::vector<std::vector<Value>> rows;
  if (counting) {
    rows.push_back(count_row(plan.items, kept ? 1 : 0, context));
  } else if (kept) {
    rows.push_back(output_row(plan.items, scope, context));
  }
  SqlResult result = rows_result(output_columns(plan.items, scope), std::move(rows), "SELECT ");
  if (exec_.recording()) [[unlikely]] succeed(text, fmt::format("{} rows", result.rows.size()));
  return result;
}

SqlResult ModelSession::run(const sql::Select& plan, const SqlCall& call) {
  const std::string& text = call.text;
  begin_statement("db.select", text);
  if (!plan.from) return select_without_table(plan, call);
  const sql::EvalContext context{.params = &call.params};
  const bool counting = counts(plan);
  TableStore& table =
      open_table(plan.from->name, plan.lock == RowLock::kNone ? LockMode::kAccessShare : LockMode::kRowShare, text);
  const RowScope scope{.def = table.def, .name = plan.from->scope_name()};
  if (!sql::holds_for(plan.memo, *table.def, call.params.size())) prepare_select(plan, scope, call);
  const sql::SharedMemo memo = plan.memo;  // this run's, whatever other sessions' runs write meanwhile
  const SqlFilter filter(plan.where, memo->keys, scope, context);
  const std::int64_t limit = plan.limit ? limit_of(*plan.limit, context) : kNoLimit;

  std::vector<std::size_t> seen = snapshot(table, filter);
  if (!plan.order.empty()) {
    seen = ordered(std::move(seen), plan.order, scope, context,
                   [&](std::size_t index) -> const std::vector<Value>& { return table.versions[index].values; });
  }
  std::vector<std::vector<Value>> rows;
  std::int64_t counted = 0;
  for (std::size_t index : seen) {
    if (static_cast<std::int64_t>(counting ? 0 : rows.size()) >= limit) break;
    std::optional<std::size_t> row = index;
    if (plan.lock != RowLock::kNone) row = lock_row(table, index, plan.lock, filter, text, plan.wait);
    if (!row) continue;
    if (counting) {
      ++counted;
      continue;
    }
    RowScope row_scope = scope;
    row_scope.row = &table.versions[*row].values;
    rows.push_back(output_row(plan.items, row_scope, context));
  }
  if (counting) {
    rows.clear();
    if (limit > 0) rows.push_back(count_row(plan.items, counted, context));
  }
  SqlResult result = rows_result(memo->output, std::move(rows), "SELECT ");
  if (exec_.recording()) [[unlikely]] succeed(text, fmt::format("{} rows", result.rows.size()));
  return result;
}

// An INSERT's checks against its table before any row is built: its
// target columns, VALUES lists, ON CONFLICT's arbiters and DO UPDATE's
// references, kept in its memo with its result's columns. Once per
// statement and table: out of line and out of the way of the rows' path.
void ModelSession::prepare_insert(const sql::Insert& plan, const RowScope& scope, const SqlCall& call) {
  const std::string& text = call.text;
  const TableDef& def = *scope.def;
  const sql::EvalContext context{.params = &call.params};
  // The target columns, in the order the VALUES lists give them.
  sql::ShapeMemo memo{.shape = def.shape.value(), .params = call.params.size()};
  std::vector<std::size_t>& targets = memo.columns;
  if (plan.columns.empty()) {
    for (std::size_t i = def.id_column ? 1 : 0; i < def.columns.size(); ++i) targets.push_back(i);
  }
  for (const std::string& column : plan.columns) {
    if (!def.has_column(column)) {
      fail(sqlstate::kUndefinedColumn,
           fmt::format("column \"{}\" of relation \"{}\" does not exist", column, def.name), text);
    }
    const std::size_t index = def.column_index(column);
    if (std::find(targets.begin(), targets.end(), index) != targets.end()) {
      fail("42701", fmt::format("column \"{}\" specified more than once", column), text);
    }
    if (def.id_column && index == 0) {
      fail(sql::kFeatureNotSupported,
           fmt::format("SQL feature not supported by the model: an explicit id in a table of the services at "
                       "character {}",
                       1),
           text);
    }
    targets.push_back(index);
  }
  for (const auto& values : plan.rows) {
    if (values.size() > targets.size()) fail(sql::kSyntaxError, "INSERT has more expressions than target columns", text);
    if (!plan.columns.empty() && values.size() < targets.size()) {
      fail(sql::kSyntaxError, "INSERT has more target columns than expressions", text);
    }
    for (const auto& value : values) {
      if (value) sql::check_references(*value, RowScope{}, context);
    }
  }
  // ON CONFLICT (columns): the unique constraint over exactly those columns.
  std::vector<const UniqueConstraint*>& arbiters = memo.arbiters;
  if (!plan.conflict_columns.empty()) {
    std::vector<std::size_t> wanted;
    for (const std::string& column : plan.conflict_columns) {
      if (!def.has_column(column)) fail(sqlstate::kUndefinedColumn, fmt::format("column \"{}\" does not exist", column), text);
      wanted.push_back(def.column_index(column));
    }
    std::sort(wanted.begin(), wanted.end());
    for (const UniqueConstraint& unique : def.uniques) {
      std::vector<std::size_t> columns = unique.columns;
      std::sort(columns.begin(), columns.end());
      if (columns == wanted) arbiters.push_back(&unique);
    }
    if (arbiters.empty()) {
      fail("42P10", "there is no unique or exclusion constraint matching the ON CONFLICT specification", text);
    }
  }
  if (plan.on_conflict == sql::Insert::OnConflict::kDoUpdate) {
    RowScope update_scope = scope;
    const std::vector<Value> none(def.columns.size());
    update_scope.excluded = &none;
    for (const auto& [column, expr] : plan.conflict_set) {
      if (!def.has_column(column)) {
        fail(sqlstate::kUndefinedColumn,
             fmt::format("column \"{}\" of relation \"{}\" does not exist", column, def.name), text);
      }
      sql::check_references(expr, update_scope, context);
    }
    if (plan.conflict_where) sql::check_references(*plan.conflict_where, update_scope, context);
  }
  if (!plan.returning.empty()) {
    check_output(plan.returning, scope, context);
    memo.output = output_columns(plan.returning, scope);
  }
  plan.memo = boost::make_local_shared<const sql::ShapeMemo>(std::move(memo));
}

SqlResult ModelSession::run(const sql::Insert& plan, const SqlCall& call) {
  const std::string& text = call.text;
  begin_statement("db.insert", text);
  TableStore& table = open_table(plan.table.name, LockMode::kRowExclusive, text);
  const TableDef& def = *table.def;
  const sql::EvalContext context{.params = &call.params};
  const RowScope scope{.def = &def, .name = plan.table.scope_name()};

  if (!sql::holds_for(plan.memo, def, call.params.size())) prepare_insert(plan, scope, call);
  const sql::SharedMemo memo = plan.memo;  // this run's, whatever other sessions' runs write meanwhile
  const std::vector<std::size_t>& targets = memo->columns;
  const std::vector<const UniqueConstraint*>& arbiters = memo->arbiters;

  std::vector<std::vector<Value>> returned;
  std::int64_t affected = 0;
  for (const auto& values : plan.rows) {
    std::vector<Value> row(def.columns.size());
    std::vector<bool> given(def.columns.size(), false);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!values[i]) continue;  // DEFAULT
      row[targets[i]] = assigned(def.columns[targets[i]], sql::evaluate_typed(*values[i], RowScope{}, context));
      given[targets[i]] = true;
    }
    for (std::size_t i = 0; i < def.columns.size(); ++i) {
      if (given[i] || (def.id_column && i == 0)) continue;
      if (def.columns[i].serial) {
        row[i] = table.serial_next[i]++;  // nextval() is not rolled back
      } else {
        row[i] = sql::column_input(def.columns[i].type, def.columns[i].default_value, def.columns[i].int4);
      }
    }
    const std::int64_t identity = table.next_id++;
    if (def.id_column) row[0] = identity;
    check_not_null(def, row, text);
    if (plan.on_conflict != sql::Insert::OnConflict::kError) {
      // Speculative insertion: a duplicate under an arbiter decides what happens.
      bool inserted_or_settled = false;
      while (!inserted_or_settled) {
        std::optional<Conflict> conflict = find_conflict(table, identity, row, &arbiters, text);
        if (!conflict) break;
        if (!conflict->arbiter) throw unique_violation(table, *conflict, row, text);
        inserted_or_settled = true;
        if (plan.on_conflict == sql::Insert::OnConflict::kDoNothing) break;
        struct Any final : RowFilter {
          bool keeps(const std::vector<Value>&) const override { return true; }
        } any;
        std::optional<std::size_t> locked = lock_row(table, conflict->version, RowLock::kForUpdate, any, text);
        const bool same_key =
            locked && std::all_of(conflict->constraint->columns.begin(), conflict->constraint->columns.end(),
                                  [&](std::size_t c) { return table.versions[*locked].values[c] == row[c]; });
        if (!same_key) {
          inserted_or_settled = false;  // the row changed or went while we waited: try again
          continue;
        }
        const std::vector<Value> existing = table.versions[*locked].values;
        RowScope update_scope = scope;
        update_scope.row = &existing;
        update_scope.excluded = &row;
        if (plan.conflict_where && !sql::is_true(sql::evaluate(*plan.conflict_where, update_scope, context))) break;
        std::vector<Value> updated = existing;
        for (const auto& [column, expr] : plan.conflict_set) {
          const std::size_t index = def.column_index(column);
          updated[index] = assigned(def.columns[index], sql::evaluate_typed(expr, update_scope, context));
        }
        check_not_null(def, updated, text);
        const std::int64_t existing_identity = table.versions[*locked].id;
        table.versions[*locked].xmax = current_;
        check_unique(table, existing_identity, updated, text);
        table.add_version({existing_identity, updated, current_});
        check_references(table, updated, text);
        ++affected;
        if (!plan.returning.empty()) {
          RowScope out = scope;
          out.row = &updated;
          returned.push_back(output_row(plan.returning, out, context));
        }
      }
      if (inserted_or_settled) continue;
    } else {
      check_unique(table, identity, row, text);
    }
    table.add_version({identity, row, current_});
    check_references(table, row, text);  // an AFTER trigger: the row is in already
    ++affected;
    if (!plan.returning.empty()) {
      RowScope out = scope;
      out.row = &row;
      returned.push_back(output_row(plan.returning, out, context));
    }
  }
  if (exec_.recording()) [[unlikely]] succeed(text, fmt::format("INSERT 0 {}", affected));
  if (plan.returning.empty()) {
    return SqlResult{.rows_affected = affected, .command_tag = command_tag("INSERT 0 ", affected)};
  }
  SqlResult result = rows_result(memo->output, std::move(returned), "INSERT 0 ");
  return result;
}

// An UPDATE's checks against its table before any row is read, its SET's
// columns, and whether SET writes a key column, kept in its memo. Once per
// statement and table: out of line and out of the way of the rows' path.
void ModelSession::prepare_update(const sql::Update& plan, const RowScope& scope, const SqlCall& call) {
  const TableDef& def = *scope.def;
  const sql::EvalContext context{.params = &call.params};
  sql::ShapeMemo memo{.shape = def.shape.value(), .params = call.params.size()};
  for (const auto& [column, expr] : plan.set) {
    if (!def.has_column(column)) {
      throw sql::SqlError(sqlstate::kUndefinedColumn,
                          fmt::format("column \"{}\" of relation \"{}\" does not exist", column, def.name));
    }
    sql::check_references(expr, scope, context);
    memo.columns.push_back(def.column_index(column));
  }
  memo.keys = checked_where(plan.where, scope, context);
  check_output(plan.returning, scope, context);
  // Only a SET of a key column can change a key (and take FOR UPDATE).
  memo.assigns_key = std::any_of(memo.columns.begin(), memo.columns.end(),
                                 [&](std::size_t column) { return is_key_column(def, column); });
  if (!plan.returning.empty()) memo.output = output_columns(plan.returning, scope);
  plan.memo = boost::make_local_shared<const sql::ShapeMemo>(std::move(memo));
}

SqlResult ModelSession::run(const sql::Update& plan, const SqlCall& call) {
  const std::string& text = call.text;
  begin_statement("db.update", text);
  TableStore& table = open_table(plan.table.name, LockMode::kRowExclusive, text);
  const TableDef& def = *table.def;
  const sql::EvalContext context{.params = &call.params};
  const RowScope scope{.def = &def, .name = plan.table.scope_name()};
  if (!sql::holds_for(plan.memo, def, call.params.size())) prepare_update(plan, scope, call);
  const sql::SharedMemo memo = plan.memo;  // this run's, whatever other sessions' runs write meanwhile
  const SqlFilter filter(plan.where, memo->keys, scope, context);
  const bool assigns_key = memo->assigns_key;
  std::vector<std::vector<Value>> returned;
  std::int64_t affected = 0;
  for (std::size_t index : snapshot(table, filter)) {
    RowLock mode = RowLock::kForNoKeyUpdate;
    if (assigns_key) [[unlikely]] {
      const std::vector<Value> seen = table.versions[index].values;
      if (changes_key(def, seen, updated_values(plan, *memo, scope, seen, context))) mode = RowLock::kForUpdate;
    }
    std::optional<std::size_t> target = lock_row(table, index, mode, filter, text);
    if (!target) continue;
    // EvalPlanQual: SET is evaluated on the version the row lock landed on.
    // Read in place: nothing below grows the table before the unique check,
    // which may wait.
    const std::vector<Value>& old = table.versions[*target].values;
    std::vector<Value> values = updated_values(plan, *memo, scope, old, context);
    check_not_null(def, values, text);
    if (assigns_key && changes_key(def, old, values)) [[unlikely]] check_not_referenced(table, old, text);
    // The foreign-key trigger checks a row whose key changed.
    const bool references_changed = !def.foreign_keys.empty() && changes_reference(def, old, values);
    table.versions[*target].xmax = current_;
    const std::int64_t identity = table.versions[*target].id;
    check_unique(table, identity, values, text);
    // A copy stays only for what reads the row after the write: the
    // reference check may wait, and the table may grow meanwhile.
    if (references_changed || !plan.returning.empty()) [[unlikely]] {
      table.add_version({identity, values, current_});
    } else {
      table.add_version({identity, std::move(values), current_});
    }
    if (references_changed) [[unlikely]] check_references(table, values, text);
    ++affected;
    if (!plan.returning.empty()) [[unlikely]] {
      RowScope out = scope;
      out.row = &values;
      returned.push_back(output_row(plan.returning, out, context));
    }
  }
  if (exec_.recording()) [[unlikely]] succeed(text, command_tag("UPDATE ", affected));
  if (plan.returning.empty()) return SqlResult{.rows_affected = affected, .command_tag = command_tag("UPDATE ", affected)};
  return rows_result(memo->output, std::move(returned), "UPDATE ");
}

SqlResult ModelSession::run(const sql::Delete& plan, const SqlCall& call) {
  const std::string& text = call.text;
  begin_statement("db.delete", text);
  TableStore& table = open_table(plan.table.name, LockMode::kRowExclusive, text);
  const TableDef& def = *table.def;
  const sql::EvalContext context{.params = &call.params};
  const RowScope scope{.def = &def, .name = plan.table.scope_name()};
  if (!sql::holds_for(plan.memo, def, call.params.size())) {
    std::optional<sql::KeyPlan> keys = checked_where(plan.where, scope, context);
    check_output(plan.returning, scope, context);
    plan.memo = boost::make_local_shared<const sql::ShapeMemo>(
        sql::ShapeMemo{.shape = def.shape.value(),
                       .params = call.params.size(),
                       .output = plan.returning.empty() ? SqlColumns{} : output_columns(plan.returning, scope),
                       .keys = std::move(keys)});
  }
  const sql::SharedMemo memo = plan.memo;  // this run's, whatever other sessions' runs write meanwhile
  const SqlFilter filter(plan.where, memo->keys, scope, context);
  std::vector<std::vector<Value>> returned;
  std::int64_t affected = 0;
  for (std::size_t index : snapshot(table, filter)) {
    std::optional<std::size_t> target = lock_row(table, index, RowLock::kForUpdate, filter, text);
    if (!target) continue;
    table.versions[*target].xmax = current_;
    const std::vector<Value> old = table.versions[*target].values;
    check_not_referenced(table, old, text);
    ++affected;
    if (!plan.returning.empty()) {
      RowScope out = scope;
      out.row = &old;
      returned.push_back(output_row(plan.returning, out, context));
    }
  }
  if (exec_.recording()) [[unlikely]] succeed(text, fmt::format("DELETE {}", affected));
  if (plan.returning.empty()) return SqlResult{.rows_affected = affected, .command_tag = command_tag("DELETE ", affected)};
  return rows_result(memo->output, std::move(returned), "DELETE ");
}

}  // namespace interleave::model::db
