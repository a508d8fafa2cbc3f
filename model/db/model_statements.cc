// SELECT, INSERT, UPDATE, DELETE of the db model, with the constraints they
// check and the row locks they take.

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/db/model_session.h"
#include "model/db/resources.h"
#include "model/db/sql/sql_values.h"
#include "model/db/sql_text.h"

namespace interleave::model::db {

namespace {
std::string rows_text(std::size_t count) { return fmt::format("{} row{}", count, count == 1 ? "" : "s"); }
// A key value as PostgreSQL prints it in a DETAIL line: unquoted.
std::string key_text(const Value& value) {
  return std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : sql_literal(value);
}
}  // namespace

// The structured calls' WHERE: equality conditions joined by AND.
class ModelSession::ConditionsFilter final : public RowFilter {
 public:
  explicit ConditionsFilter(const ColumnValues& where) : where_(where) {}
  bool keeps(const std::vector<Value>& values) const override { return matches(values, where_); }

 private:
  const ColumnValues& where_;
};

// --- finding and locking tables ---

ModelSession::TableStore* ModelSession::lookup_table(const TableName& name) {
  exec_.touch(catalog_resource(), Access::kRead);
  if (name.qualified()) {
    Database::SchemaStore* schema = db_.find_schema(name.schema, current_);
    return schema ? db_.find_table(schema->oid, name.name, current_) : nullptr;
  }
  for (const std::string& schema_name : settings_.search_path()) {
    Database::SchemaStore* schema = db_.find_schema(schema_name, current_);
    if (!schema) continue;
    if (TableStore* table = db_.find_table(schema->oid, name.name, current_)) return table;
  }
  return nullptr;
}

// PostgreSQL says "relation does not exist" also when a qualifying schema is
// missing (3F000 is only for CREATE in, or DROP of, a missing schema).
void ModelSession::fail_missing(const TableName& name, const std::string& text) {
  fail(sqlstate::kUndefinedTable, fmt::format("relation \"{}\" does not exist", name.display()), text);
}

ModelSession::TableStore& ModelSession::open_table(const TableName& requested, LockMode mode,
                                                  const std::string& text) {
  std::optional<TableName> cut;
  const TableName& name = as_server_reads(requested, cut);
  Wait wait(*this, text);
  std::optional<LockTag> queued;  // keeps our place in the lock's queue across wake-ups
  for (;;) {
    // PostgreSQL looks the name up again once it got the lock: a DROP that
    // committed meanwhile leaves nothing to find.
    TableStore* table = lookup_table(name);
    const std::optional<LockTag> tag =
        table ? std::optional<LockTag>({LockTag::Kind::kRelation, table->oid}) : std::nullopt;
    if (queued && queued != tag) db_.locks_.withdraw(*queued, id_);
    if (!table) fail_missing(name, text);
    std::vector<SessionId> in_the_way = db_.locks_.try_acquire(*tag, mode, id_, current_);
    if (in_the_way.empty()) {
      if (db_.table_access_observer_) db_.report_table_access(exec_.current(), *table);
      touch(table_rows_resource(table->oid), mode == LockMode::kAccessShare ? Access::kRead : Access::kWrite);
      return *table;
    }
    const bool first_wait = queued != tag;
    queued = tag;
    try {
      const auto label = [table] { return fmt::format("lock on table {}", table->def->name); };
      park_for_lock(wait, *tag, mode, std::move(in_the_way), WaitLabel::written_by(label), first_wait);
    } catch (...) {
      db_.locks_.withdraw(*tag, id_);
      throw;
    }
  }
}

// --- values ---

// Values arrive as the PostgreSQL backend binds them (text), so a column
// takes what its type's input function would.
std::size_t ModelSession::column_of(const TableDef& def, std::string_view column, ColumnUse use,
                                    const std::string& text) {
  if (const std::optional<std::size_t> index = def.find_column(column)) return *index;
  // PostgreSQL names the relation for a target column only.
  fail(sqlstate::kUndefinedColumn,
       use == ColumnUse::kTarget ? fmt::format("column \"{}\" of relation \"{}\" does not exist", column, def.name)
                                 : fmt::format("column \"{}\" does not exist", column),
       text);
}

Value ModelSession::coerce(const TableDef& def, std::size_t column, const Value& value, const std::string& text) {
  if (is_null(value)) return value;
  const ColumnType type = def.columns[column].type;
  if (type == ColumnType::kBigInt) {
    if (std::holds_alternative<std::int64_t>(value)) return value;
    const std::string& digits = std::get<std::string>(value);
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size()) {
      fail(sqlstate::kInvalidTextRepresentation, fmt::format("invalid input syntax for type bigint: \"{}\"", digits),
           text);
    }
    return number;
  }
  // Text for a text column, the usual case: one copy.
  if (type == ColumnType::kText && std::holds_alternative<std::string>(value)) return value;
  std::string input = std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : sql_literal(value);
  if (type == ColumnType::kText) return input;
  if (type == ColumnType::kBoolean) {
    std::optional<bool> truth = sql::boolean_input(input);
    if (!truth) {
      fail(sqlstate::kInvalidTextRepresentation, fmt::format("invalid input syntax for type boolean: \"{}\"", input),
           text);
    }
    return std::int64_t{*truth ? 1 : 0};
  }
  std::optional<std::string> json = canonical_json(input);
  if (!json) fail(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json", text);
  return *json;
}

ModelSession::ColumnValues ModelSession::coerced(const TableDef& def, const Conditions& pairs, ColumnUse use,
                                                 const std::string& text) {
  ColumnValues result;
  for (const auto& [name, value] : pairs) {
    const std::size_t column = column_of(def, name, use, text);
    result.emplace_back(column, coerce(def, column, value, text));
  }
  return result;
}

bool ModelSession::matches(const std::vector<Value>& values, const ColumnValues& where) {
  for (const auto& [column, value] : where) {
    const Value& actual = values[column];
    // SQL: NULL = anything is not true.
    if (is_null(actual) || is_null(value) || actual != value) return false;
  }
  return true;
}

std::vector<std::size_t> ModelSession::snapshot(const TableStore& table, const RowFilter& where) const {
  std::vector<std::size_t> seen;
  for (std::size_t i = 0; i < table.versions.size(); ++i) {
    if (db_.visible(table.versions[i], current_) && where.keeps(table.versions[i].values)) seen.push_back(i);
  }
  if (table.def->id_column) {
    std::sort(seen.begin(), seen.end(),
              [&](std::size_t a, std::size_t b) { return table.versions[a].id < table.versions[b].id; });
  }
  return seen;
}

// --- row locks ---

std::optional<std::size_t> ModelSession::newest_version(const TableStore& table, std::int64_t id) const {
  for (std::size_t i = table.versions.size(); i-- > 0;) {
    if (table.versions[i].id == id && db_.visible(table.versions[i], current_)) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> ModelSession::lock_row(TableStore& table, std::size_t index, RowLock mode,
                                                  const RowFilter& where, const std::string& text,
                                                  sql::LockWait wait_policy) {
  touch(table_rows_resource(table.oid), Access::kWrite);  // row locks live with the rows
  Wait wait(*this, text);
  const std::int64_t id = table.versions[index].id;
  RowLockTurn turn(*this, wait, table, id, mode);  // waiters queue first (row_lock_queue.h)
  bool followed = false;  // to a newer version than the statement saw
  for (;;) {
    auto holder = std::find_if(table.row_locks.begin(), table.row_locks.end(), [&](const Database::RowLockHeld& held) {
      return held.id == id && !db_.txns_.own(held.txn, current_) && db_.txns_.in_progress(held.txn) &&
             conflicts(held.mode, mode);
    });
    if (holder != table.row_locks.end()) {
      if (wait_policy == sql::LockWait::kSkipLocked) return std::nullopt;
      if (wait_policy == sql::LockWait::kNowait) {
        fail(sqlstate::kLockNotAvailable,
             fmt::format("could not obtain lock on row in relation \"{}\"", table.def->name), text);
      }
      if (turn.wait_for_turn()) continue;
      const auto label = [&table, id] { return fmt::format("row lock on {} id {}", table.def->name, id); };
      wait.park_for_transaction(holder->txn, WaitLabel::written_by(label));
      continue;
    }
    // Replaced or deleted since our snapshot by a transaction that committed:
    // READ COMMITTED goes on with the newest version, if it still qualifies.
    const TxnId xmax = table.versions[index].xmax;
    if (xmax != kNoTxn && !db_.txns_.own(xmax, current_) && db_.txns_.committed(xmax)) {
      std::optional<std::size_t> newest = newest_version(table, id);
      if (!newest) return std::nullopt;
      index = *newest;
      followed = true;
      continue;
    }
    // As PostgreSQL (table_tuple_lock, then EvalPlanQual): the newest
    // version is locked before its re-check, and stays locked when the
    // re-check fails.
    table.row_locks.push_back({id, current_, mode});
    if (followed && !where.keeps(table.versions[index].values)) return std::nullopt;
    return index;
  }
}

// --- constraints ---

void ModelSession::check_not_null(const TableDef& def, const std::vector<Value>& values, const std::string& text) {
  for (std::size_t i = def.id_column ? 1 : 0; i < def.columns.size(); ++i) {
    if (def.columns[i].not_null && is_null(values[i])) {
      fail(sqlstate::kNotNullViolation,
           fmt::format("null value in column \"{}\" of relation \"{}\" violates not-null constraint",
                       def.columns[i].name, def.name),
           text);
    }
  }
}

// PostgreSQL's unique check (_bt_check_unique with a dirty snapshot): a live
// or own row with the same key is a duplicate; one whose inserting or
// deleting transaction is still open makes us wait for that transaction.
std::optional<ModelSession::Conflict> ModelSession::find_conflict(
    TableStore& table, std::int64_t identity, const std::vector<Value>& values,
    const std::vector<const UniqueConstraint*>* arbiters, const std::string& text) {
  Wait wait(*this, text);
  for (;;) {
    bool waited = false;
    for (const UniqueConstraint& unique : table.def->uniques) {
      if (std::any_of(unique.columns.begin(), unique.columns.end(),
                      [&](std::size_t column) { return is_null(values[column]); })) {
        continue;  // NULLs never collide
      }
      for (std::size_t i = 0; i < table.versions.size() && !waited; ++i) {
        const Database::Version& other = table.versions[i];
        if (other.id == identity) continue;  // the row itself
        if (!std::all_of(unique.columns.begin(), unique.columns.end(),
                         [&](std::size_t column) { return other.values[column] == values[column]; })) {
          continue;
        }
        TxnId wait_for = kNoTxn;
        bool duplicate = false;
        if (!db_.txns_.own(other.xmin, current_) && db_.txns_.in_progress(other.xmin)) {
          wait_for = other.xmin;
        } else if (db_.txns_.aborted(other.xmin)) {
          continue;  // inserted by a transaction that rolled back
        } else if (other.xmax == kNoTxn || db_.txns_.aborted(other.xmax)) {
          duplicate = true;
        } else if (db_.txns_.own(other.xmax, current_) || db_.txns_.committed(other.xmax)) {
          continue;  // deleted or replaced: its successor is checked on its own
        } else {
          wait_for = other.xmax;
        }
        if (duplicate) {
          const bool arbiter =
              arbiters && (arbiters->empty() || std::find(arbiters->begin(), arbiters->end(), &unique) != arbiters->end());
          return Conflict{&unique, i, arbiter};
        }
        const auto label = [this, &table, wait_for] {
          return fmt::format("transaction of {} on {}", exec_.actor_info(db_.txns_.owner(wait_for)).name,
                             table.def->name);
        };
        wait.park_for_transaction(wait_for, WaitLabel::written_by(label));
        waited = true;  // the other transaction ended: look again
      }
      if (waited) break;
    }
    if (!waited) return std::nullopt;
  }
}

DbError ModelSession::unique_violation(const TableStore& table, const Conflict& conflict,
                                       const std::vector<Value>& values, const std::string& text) {
  std::vector<Value> key;
  key.reserve(conflict.constraint->columns.size());
  for (std::size_t column : conflict.constraint->columns) key.push_back(values[column]);
  return failed(DbError::unique_violation(*table.def, *conflict.constraint, std::move(key)), text);
}

bool ModelSession::unique_or_refused(TableStore& table, std::int64_t identity, const std::vector<Value>& values,
                                     const std::string& text) {
  auto conflict = find_conflict(table, identity, values, /*arbiters=*/nullptr, text);
  if (!conflict) return true;
  refusal_.emplace(unique_violation(table, *conflict, values, text));
  return false;
}

void ModelSession::check_unique(TableStore& table, std::int64_t identity, const std::vector<Value>& values,
                                const std::string& text) {
  if (!unique_or_refused(table, identity, values, text)) throw std::move(*refusal_);
}

// The foreign-key trigger's check: SELECT 1 FROM parent WHERE id = $1 FOR
// KEY SHARE with a fresh snapshot. A parent another transaction inserted but
// has not committed is invisible: the check fails at once, it does not wait.
void ModelSession::check_references(TableStore& table, const std::vector<Value>& values, const std::string& text) {
  for (const ForeignKey& key : table.def->foreign_keys) {
    const Value& value = values[key.column];
    if (is_null(value)) continue;
    TableStore* parent = db_.find_table(table.schema_oid, key.referenced_table, current_);
    if (parent) touch(table_rows_resource(parent->oid), Access::kRead);
    std::optional<std::size_t> row;
    if (parent && parent->def->id_column && key.referenced_column == 0) {
      const ColumnValues by_id{{0, value}};
      row = newest_version(*parent, std::get<std::int64_t>(value));
      if (row) row = lock_row(*parent, *row, RowLock::kForKeyShare, ConditionsFilter(by_id), text);
    } else if (parent) {
      // A table created from SQL text: the parent row whose referenced column holds the value.
      struct ByKey final : RowFilter {
        std::size_t column;
        const Value& value;
        ByKey(std::size_t c, const Value& v) : column(c), value(v) {}
        bool keeps(const std::vector<Value>& candidate) const override { return candidate[column] == value; }
      } by_key(key.referenced_column, value);
      for (std::size_t i = parent->versions.size(); i-- > 0 && !row;) {
        if (db_.visible(parent->versions[i], current_) && by_key.keeps(parent->versions[i].values)) row = i;
      }
      if (row) row = lock_row(*parent, *row, RowLock::kForKeyShare, by_key, text);
    }
    if (!row) {
      fail(sqlstate::kForeignKeyViolation,
           fmt::format("insert or update on table \"{}\" violates foreign key constraint \"{}\"", table.def->name,
                       key.name),
           text,
           fmt::format("Key ({})=({}) is not present in table \"{}\".", table.def->columns[key.column].name,
                       key_text(value), key.referenced_table));
    }
  }
}

void ModelSession::check_references_of_newest(TableStore& table, const std::string& text) {
  const std::vector<Value>& newest = table.versions.back().values;
  // Only a non-null key is checked: with none, nothing to copy.
  if (std::all_of(table.def->foreign_keys.begin(), table.def->foreign_keys.end(),
                  [&](const ForeignKey& key) { return is_null(newest[key.column]); })) {
    return;
  }
  // A copy: checking may wait, and other sessions may grow the table meanwhile.
  const std::vector<Value> values = newest;
  check_references(table, values, text);
}

// NO ACTION: a parent row cannot go while a visible row references it.
void ModelSession::check_not_referenced(TableStore& table, const std::vector<Value>& values, const std::string& text) {
  for (const auto& child : db_.tables_) {
    if (child->schema_oid != table.schema_oid || !db_.visible(child->xmin, child->xmax, current_)) continue;
    touch(table_rows_resource(child->oid), Access::kRead);
    for (const ForeignKey& key : child->def->foreign_keys) {
      if (key.referenced_table != table.def->name) continue;
      const Value& referenced = values[key.referenced_column];
      if (is_null(referenced)) continue;
      for (const Database::Version& version : child->versions) {
        if (db_.visible(version, current_) && version.values[key.column] == referenced) {
          fail(sqlstate::kForeignKeyViolation,
               fmt::format("update or delete on table \"{}\" violates foreign key constraint \"{}\" on table \"{}\"",
                           table.def->name, key.name, child->def->name),
               text,
               fmt::format("Key ({})=({}) is still referenced from table \"{}\".",
                           table.def->columns[key.referenced_column].name, key_text(referenced), child->def->name));
        }
      }
    }
  }
}

// --- statements ---

std::vector<Row> ModelSession::select(const TableName& name, const Conditions& where, RowLock lock) {
  const std::string text = exec_.recording() ? select_text(name, where, lock) : std::string();
  begin_statement("db.select", text);
  TableStore& table = open_table(name, lock == RowLock::kNone ? LockMode::kAccessShare : LockMode::kRowShare, text);
  const ColumnValues wanted = coerced(*table.def, where, ColumnUse::kCondition, text);
  const ConditionsFilter filter(wanted);
  std::vector<Row> rows;
  for (std::size_t index : snapshot(table, filter)) {
    std::optional<std::size_t> row = index;
    if (lock != RowLock::kNone) row = lock_row(table, index, lock, filter, text);
    if (row) rows.push_back({table.def, table.versions[*row].values});
  }
  if (exec_.recording()) succeed(text, rows_text(rows.size()));
  return rows;
}

std::int64_t ModelSession::insert(const TableName& name, const Assignments& values) {
  const std::optional<std::int64_t> id = insert_row(name, values);
  if (!id) [[unlikely]] throw std::move(*refusal_);  // see insert_row() in the header
  return *id;
}

InsertResult ModelSession::try_insert(const TableName& name, const Assignments& values) {
  try {
    const std::optional<std::int64_t> id = insert_row(name, values);
    if (!id) return std::move(*refusal_);  // the duplicate key, with no throw
    return *id;
  } catch (DbError& error) {  // a refusal the body throws (23503, 23502)
    if (!error.is_integrity_error()) throw;
    return std::move(error);
  }
}

std::int64_t ModelSession::update(const TableName& name, const Assignments& set, const Conditions& where) {
  const std::optional<std::int64_t> affected = update_rows(name, set, where);
  if (!affected) [[unlikely]] throw std::move(*refusal_);
  return *affected;
}

std::optional<std::int64_t> ModelSession::insert_row(const TableName& name, const Assignments& values) {
  const std::string text = exec_.recording() ? insert_text(name, values) : std::string();
  begin_statement("db.insert", text);
  TableStore& table = open_table(name, LockMode::kRowExclusive, text);
  std::vector<Value> row(table.def->columns.size());
  for (const auto& [name, value] : values) {
    const std::size_t column = column_of(*table.def, name, ColumnUse::kTarget, text);
    row[column] = coerce(*table.def, column, value, text);
  }
  const std::int64_t id = table.next_id++;  // nextval() is not rolled back
  row[0] = id;
  check_not_null(*table.def, row, text);
  if (!unique_or_refused(table, id, row, text)) return std::nullopt;
  table.add_version({id, std::move(row), current_});
  check_references_of_newest(table, text);  // an AFTER trigger: the row is in already
  if (exec_.recording()) succeed(text, fmt::format("id {}", id));
  return id;
}

std::optional<std::int64_t> ModelSession::update_rows(const TableName& name, const Assignments& set,
                                                      const Conditions& where) {
  const std::string text = exec_.recording() ? update_text(name, set, where) : std::string();
  begin_statement("db.update", text);
  TableStore& table = open_table(name, LockMode::kRowExclusive, text);
  const ColumnValues wanted = coerced(*table.def, where, ColumnUse::kCondition, text);
  const ColumnValues changes = coerced(*table.def, set, ColumnUse::kTarget, text);
  // Changing a unique column takes the strong lock (PostgreSQL's "key" update).
  bool key_update = false;
  for (const UniqueConstraint& unique : table.def->uniques) {
    for (std::size_t column : unique.columns) {
      for (const auto& change : changes) key_update = key_update || change.first == column;
    }
  }
  const ConditionsFilter filter(wanted);
  std::int64_t affected = 0;
  for (std::size_t index : snapshot(table, filter)) {
    std::optional<std::size_t> target =
        lock_row(table, index, key_update ? RowLock::kForUpdate : RowLock::kForNoKeyUpdate, filter, text);
    if (!target) continue;
    std::vector<Value> values = table.versions[*target].values;
    for (const auto& [column, value] : changes) values[column] = value;
    check_not_null(*table.def, values, text);
    // Replace the row before the unique check may park us, as heap_update
    // does before it inserts into the index.
    table.versions[*target].xmax = current_;
    const std::int64_t id = table.versions[*target].id;
    if (!unique_or_refused(table, id, values, text)) return std::nullopt;
    table.add_version({id, std::move(values), current_});
    check_references_of_newest(table, text);
    ++affected;
  }
  if (exec_.recording()) succeed(text, fmt::format("UPDATE {}", affected));
  return affected;
}

std::int64_t ModelSession::remove(const TableName& name, const Conditions& where) {
  const std::string text = exec_.recording() ? delete_text(name, where) : std::string();
  begin_statement("db.delete", text);
  TableStore& table = open_table(name, LockMode::kRowExclusive, text);
  const ColumnValues wanted = coerced(*table.def, where, ColumnUse::kCondition, text);
  const ConditionsFilter filter(wanted);
  std::int64_t affected = 0;
  for (std::size_t index : snapshot(table, filter)) {
    std::optional<std::size_t> target = lock_row(table, index, RowLock::kForUpdate, filter, text);
    if (!target) continue;
    table.versions[*target].xmax = current_;
    check_not_referenced(table, table.versions[*target].values, text);
    ++affected;
  }
  if (exec_.recording()) succeed(text, fmt::format("DELETE {}", affected));
  return affected;
}

}  // namespace interleave::model::db
