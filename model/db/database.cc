#include "model/db/database.h"

#include <fmt/format.h>

#include "model/db/model_session.h"

namespace interleave::model::db {

Database::Database(Execution& exec, std::span<const TableDef* const> tables) : exec_(exec) {
  tables_.reserve(tables.size());
  for (const TableDef* def : tables) tables_.push_back({def, {}, 1});
}

std::unique_ptr<Session> Database::connect() { return std::make_unique<ModelSession>(*this, exec_); }

std::vector<Row> Database::committed_rows(std::string_view name) const {
  std::vector<Row> rows;
  const TableDef* def = nullptr;
  for (const TableStore& store : tables_) {
    if (store.def->name == name) def = store.def;
  }
  visit_committed(name, [&](const std::vector<Value>& values) { rows.push_back({def, values}); });
  return rows;
}

Database::TableStore& Database::table(std::string_view name) {
  for (TableStore& store : tables_) {
    if (store.def->name == name) return store;
  }
  throw DbError(sqlstate::kUndefinedTable, fmt::format("relation \"{}\" does not exist", name));
}

TxnId Database::begin(ActorId owner) {
  txns_.push_back({TxnStatus::kInProgress, owner, nullptr});
  return static_cast<TxnId>(txns_.size());
}

void Database::end(TxnId txn, TxnStatus status) {
  Txn& record = txns_[txn - 1];
  record.status = status;
  if (record.ended) record.ended->notify_all();
}

void Database::wait_for(TxnId txn, std::string_view what) {
  Txn& record = txns_[txn - 1];
  if (!record.ended) record.ended = std::make_unique<WaitQueue>(exec_);
  ActorId holder = record.owner;
  record.ended->wait({&holder, 1}, what);
}

bool Database::visible(const Version& version, TxnId me) const {
  bool inserted = version.xmin == me || committed(version.xmin);
  if (!inserted) return false;
  if (version.xmax == 0) return true;
  return version.xmax != me && !committed(version.xmax);
}

}  // namespace interleave::model::db
