#include "model/db/model_session.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/db/sql_text.h"

namespace interleave::model::db {

namespace {
constexpr std::string_view kAbortedMessage =
    "current transaction is aborted, commands ignored until end of transaction block";

std::string rows_text(std::size_t count) { return fmt::format("{} row{}", count, count == 1 ? "" : "s"); }

bool is_null(const Value& value) { return std::holds_alternative<std::monostate>(value); }
}  // namespace

ModelSession::~ModelSession() {
  // A closed connection aborts its transaction. No scheduling point: this also
  // runs while an actor unwinds.
  if (txn_ != 0) db_.end(txn_, Database::TxnStatus::kAborted);
}

TxnId ModelSession::begin_statement() {
  if (txn_ == 0) {
    txn_ = db_.begin(exec_.current());
    aborted_ = false;
  }
  return txn_;
}

void ModelSession::fail(std::string_view sqlstate, const std::string& message, std::string text) {
  if (txn_ != 0) aborted_ = true;
  if (exec_.recording()) {
    exec_.record(op_, std::move(text), fmt::format("error {}: {}", sqlstate, message));
  }
  throw DbError(sqlstate, message);
}

void ModelSession::refuse_if_aborted(const std::string& text) {
  if (aborted_) fail(sqlstate::kInFailedTransaction, std::string(kAbortedMessage), text);
}

void ModelSession::wait_for(TxnId txn, std::string_view what, const std::string& text) {
  if (exec_.recording()) {
    exec_.record(op_, text, fmt::format("blocked: waits for {}", exec_.actor_info(db_.owner(txn)).name));
  }
  db_.wait_for(txn, what);
}

bool ModelSession::matches(const TableDef& def, const std::vector<Value>& values,
                           const Conditions& where) const {
  for (const auto& [column, value] : where) {
    const Value& actual = values[def.column_index(column)];
    // SQL: NULL = anything is not true.
    if (is_null(actual) || is_null(value) || actual != value) return false;
  }
  return true;
}

// PostgreSQL's unique check (_bt_check_unique with a dirty snapshot): a live
// or own row with the same key is a duplicate; one whose inserting or
// deleting transaction is still open makes us wait for that transaction.
std::optional<ModelSession::Conflict> ModelSession::find_conflict(Database::TableStore& store,
                                                                   const std::vector<Value>& values) {
  for (const UniqueConstraint& unique : store.def->uniques) {
    bool has_null = false;
    for (std::size_t column : unique.columns) has_null = has_null || is_null(values[column]);
    if (has_null) continue;  // NULLs never collide
    for (const Database::Version& other : store.versions) {
      if (other.id == std::get<std::int64_t>(values[0])) continue;  // the row itself
      bool same_key = true;
      for (std::size_t column : unique.columns) same_key = same_key && other.values[column] == values[column];
      if (!same_key) continue;
      if (other.xmin != txn_) {
        if (db_.in_progress(other.xmin)) return Conflict{other.xmin, nullptr};
        if (!db_.committed(other.xmin)) continue;  // inserted by an aborted transaction
      }
      if (other.xmax == txn_) continue;  // we replaced it
      if (other.xmax == 0) return Conflict{0, &unique};
      if (db_.in_progress(other.xmax)) return Conflict{other.xmax, nullptr};
      if (!db_.committed(other.xmax)) return Conflict{0, &unique};  // the replacement rolled back
    }
  }
  return std::nullopt;
}

void ModelSession::check_unique(Database::TableStore& store, const std::vector<Value>& values,
                                const std::string& text) {
  while (auto conflict = find_conflict(store, values)) {
    if (conflict->duplicate == nullptr) {
      wait_for(conflict->wait_for, fmt::format("transaction of {} on {}", 
                                              exec_.actor_info(db_.owner(conflict->wait_for)).name,
                                              store.def->name),
               text);
      continue;  // the other transaction ended: look again
    }
    std::string columns, key;
    for (std::size_t column : conflict->duplicate->columns) {
      columns += (columns.empty() ? "" : ", ") + store.def->columns[column];
      const Value& value = values[column];
      key += (key.empty() ? "" : ", ") +
             (std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : sql_literal(value));
    }
    fail(sqlstate::kUniqueViolation,
         fmt::format("duplicate key value violates unique constraint \"{}\" DETAIL: Key ({})=({}) already exists.",
                     conflict->duplicate->name, columns, key),
         text);
  }
}

Database::TableStore& ModelSession::table_or_fail(std::string_view table, const std::string& text) {
  try {
    return db_.table(table);
  } catch (const DbError& error) {
    fail(error.sqlstate(), error.what(), text);  // 42P01 aborts the transaction like any error
  }
}

void ModelSession::check_columns(const TableDef& def, const std::vector<std::pair<std::string, Value>>& pairs,
                                 const std::string& text) {
  for (const auto& [column, value] : pairs) {
    if (std::find(def.columns.begin(), def.columns.end(), column) == def.columns.end()) {
      fail(sqlstate::kUndefinedColumn, fmt::format("column \"{}\" of relation \"{}\" does not exist", column, def.name),
           text);
    }
  }
}

std::vector<Row> ModelSession::select(std::string_view table, const Conditions& where) {
  exec_.scheduling_point();
  op_ = "db.select";
  std::string text = exec_.recording() ? select_text(table, where) : std::string();
  refuse_if_aborted(text);
  TxnId me = begin_statement();
  Database::TableStore& store = table_or_fail(table, text);
  check_columns(*store.def, where, text);
  std::vector<Row> rows;
  for (const Database::Version& version : store.versions) {
    if (db_.visible(version, me) && matches(*store.def, version.values, where)) {
      rows.push_back({store.def, version.values});
    }
  }
  if (exec_.recording()) exec_.record(op_, std::move(text), rows_text(rows.size()));
  return rows;
}

std::int64_t ModelSession::insert(std::string_view table, const Assignments& values) {
  exec_.scheduling_point();
  op_ = "db.insert";
  std::string text = exec_.recording() ? insert_text(table, values) : std::string();
  refuse_if_aborted(text);
  begin_statement();
  Database::TableStore& store = table_or_fail(table, text);
  check_columns(*store.def, values, text);
  std::vector<Value> row(store.def->columns.size());
  for (const auto& [column, value] : values) row[store.def->column_index(column)] = value;
  const std::int64_t id = store.next_id++;  // nextval() is not rolled back
  row[0] = id;
  check_unique(store, row, text);
  store.versions.push_back({id, std::move(row), txn_});
  if (exec_.recording()) exec_.record(op_, std::move(text), fmt::format("id {}", id));
  return id;
}

std::int64_t ModelSession::update(std::string_view table, const Assignments& set, const Conditions& where) {
  exec_.scheduling_point();
  op_ = "db.update";
  std::string text = exec_.recording() ? update_text(table, set, where) : std::string();
  refuse_if_aborted(text);
  TxnId me = begin_statement();
  Database::TableStore& store = table_or_fail(table, text);
  check_columns(*store.def, set, text);
  check_columns(*store.def, where, text);
  // The statement's snapshot: rows visible and matching when it starts.
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < store.versions.size(); ++i) {
    if (db_.visible(store.versions[i], me) && matches(*store.def, store.versions[i].values, where)) {
      candidates.push_back(i);
    }
  }
  std::int64_t affected = 0;
  for (std::size_t index : candidates) {
    // A row another open transaction replaced: wait for it, then re-check
    // the newest version (PostgreSQL's EvalPlanQual under READ COMMITTED).
    std::optional<std::size_t> target = index;
    while (target) {
      const TxnId xmax = store.versions[*target].xmax;
      if (xmax == 0 || xmax == me || db_.status(xmax) == Database::TxnStatus::kAborted) break;
      if (db_.in_progress(xmax)) {
        wait_for(xmax, fmt::format("row lock on {} id {}", store.def->name, store.versions[*target].id), text);
        continue;
      }
      target = newest_version(store, store.versions[*target].id, me);  // replaced and committed
      if (target && !matches(*store.def, store.versions[*target].values, where)) target.reset();
    }
    if (!target || store.versions[*target].xmax == me) continue;
    std::vector<Value> values = store.versions[*target].values;
    for (const auto& [column, value] : set) values[store.def->column_index(column)] = value;
    // Lock the row before the unique check may park us, as heap_update does
    // before it inserts into the index: others updating it wait for us.
    store.versions[*target].xmax = me;
    check_unique(store, values, text);
    const std::int64_t id = store.versions[*target].id;
    store.versions.push_back({id, std::move(values), me});
    ++affected;
  }
  if (exec_.recording()) exec_.record(op_, std::move(text), fmt::format("UPDATE {}", affected));
  return affected;
}

// The version of row `id` a statement of `me` would now find after waiting:
// the committed (or own) version nobody has replaced yet.
std::optional<std::size_t> ModelSession::newest_version(const Database::TableStore& store, std::int64_t id,
                                                        TxnId me) const {
  for (std::size_t i = store.versions.size(); i-- > 0;) {
    if (store.versions[i].id == id && db_.visible(store.versions[i], me)) return i;
  }
  return std::nullopt;
}

void ModelSession::commit() {
  exec_.scheduling_point();
  op_ = "db.commit";
  // As PostgreSQL: COMMIT of a failed transaction rolls it back.
  const bool failed = aborted_;
  if (txn_ != 0) db_.end(txn_, failed ? Database::TxnStatus::kAborted : Database::TxnStatus::kCommitted);
  txn_ = 0;
  aborted_ = false;
  if (exec_.recording()) exec_.record(op_, "COMMIT", failed ? "ROLLBACK" : "COMMIT");
}

void ModelSession::rollback() {
  exec_.scheduling_point();
  op_ = "db.rollback";
  if (txn_ != 0) db_.end(txn_, Database::TxnStatus::kAborted);
  txn_ = 0;
  aborted_ = false;
  if (exec_.recording()) exec_.record(op_, "ROLLBACK", "ROLLBACK");
}

}  // namespace interleave::model::db
