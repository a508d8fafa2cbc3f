#include "model/db/database.h"

#include "model/db/resources.h"

#include "model/db/model_session.h"

namespace interleave::model::db {

Database::Database(Execution& exec, std::span<const TableDef* const> public_tables)
    : exec_(exec), txns_(exec), locks_(exec, txns_) {
  schemas_.push_back({"public", next_oid(), kBootstrapTxn});
  public_stores_ = std::make_unique<TableStore[]>(public_tables.size());
  for (std::size_t i = 0; i < public_tables.size(); ++i) {
    public_stores_[i] = TableStore{public_tables[i], next_oid(), schemas_[0].oid, kBootstrapTxn};
    tables_.push_back(&public_stores_[i]);
  }
}

Database::TableStore& Database::add_created_table(TableStore store) {
  created_stores_.push_back(std::make_unique<TableStore>(std::move(store)));
  tables_.push_back(created_stores_.back().get());
  return *tables_.back();
}

Database::~Database() = default;

std::unique_ptr<Session> Database::connect() {
  auto session = std::make_unique<ModelSession>(*this, exec_);
  if (wrap_sessions_) return wrap_sessions_(std::move(session));
  return session;
}

bool Database::visible(TxnId xmin, TxnId xmax, TxnId me) const {
  auto ours_or_committed = [&](TxnId txn) {
    return (me != kNoTxn && txns_.own(txn, me)) || txns_.committed(txn);
  };
  if (!ours_or_committed(xmin)) return false;
  return xmax == kNoTxn || !ours_or_committed(xmax);
}

Database::SchemaStore* Database::find_schema(std::string_view name, TxnId me) {
  for (SchemaStore& schema : schemas_) {
    if (schema.name == name && visible(schema.xmin, schema.xmax, me)) return &schema;
  }
  return nullptr;
}

Database::TableStore* Database::find_table(std::int64_t schema_oid, std::string_view name, TxnId me) {
  for (auto& table : tables_) {
    if (table->schema_oid == schema_oid && table->def->name == name && visible(table->xmin, table->xmax, me)) {
      return table;
    }
  }
  return nullptr;
}

const Database::TableStore* Database::committed_table(std::string_view schema, std::string_view table) const {
  for (const SchemaStore& each : schemas_) {
    if (each.name != schema || !visible(each.xmin, each.xmax, kNoTxn)) continue;
    for (const auto& store : tables_) {
      if (store->schema_oid == each.oid && store->def->name == table && visible(store->xmin, store->xmax, kNoTxn)) {
        return store;
      }
    }
  }
  return nullptr;
}

std::vector<Row> Database::committed_rows(std::string_view table, std::string_view schema) const {
  std::vector<Row> rows;
  const TableStore* store = committed_table(schema, table);
  if (!store) return rows;
  visit_committed(*store, [&](const std::vector<Value>& values) { rows.push_back({store->def, values}); });
  return rows;
}

void Database::report_table_access(ActorId actor, const TableStore& table) const {
  for (const SchemaStore& schema : schemas_) {
    if (schema.oid == table.schema_oid) {
      table_access_observer_({actor, schema.name, table.def->name});
      return;
    }
  }
}

std::vector<std::string> Database::committed_schemas() const {
  std::vector<std::string> names;
  for (const SchemaStore& schema : schemas_) {
    if (visible(schema.xmin, schema.xmax, kNoTxn)) names.push_back(schema.name);
  }
  return names;
}

std::vector<const TableDef*> Database::committed_tables(std::string_view schema) const {
  std::vector<const TableDef*> defs;
  for (const SchemaStore& each : schemas_) {
    if (each.name != schema || !visible(each.xmin, each.xmax, kNoTxn)) continue;
    for (const auto& store : tables_) {
      if (store->schema_oid == each.oid && visible(store->xmin, store->xmax, kNoTxn)) defs.push_back(store->def);
    }
  }
  return defs;
}

void Database::touch_committed(std::string_view table, std::string_view schema) const {
  exec_.touch(catalog_resource(), Access::kRead);
  if (const TableStore* store = committed_table(schema, table)) {
    exec_.touch(table_rows_resource(store->oid), Access::kRead);
  }
}

}  // namespace interleave::model::db
