// Schemas and tables of the db model: CREATE SCHEMA, CREATE TABLE, DROP
// SCHEMA ... CASCADE with the locks that make concurrent statements wait.

#include <algorithm>

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/db/model_session.h"
#include "model/db/resources.h"
#include "model/db/sql_text.h"

namespace interleave::model::db {

// Created or dropped by another transaction that has not ended yet.
bool ModelSession::unfinished_by_other(TxnId txn) const {
  return txn != kNoTxn && !db_.txns_.own(txn, current_) && db_.txns_.in_progress(txn);
}

bool ModelSession::wait_out_catalog_writers(const std::function<TxnId()>& busy, std::string_view what,
                                            const std::string& text) {
  bool waited = false;
  Wait wait(*this, text);
  for (TxnId other = busy(); other != kNoTxn; other = busy()) {
    waited = true;
    wait.park_for_transaction(other, what);
  }
  return waited;
}

void ModelSession::create_schema(std::string_view requested) {
  const std::string text = exec_.recording() ? create_schema_text(requested) : std::string();
  begin_statement("db.create_schema", text);
  create_schema_in_statement(truncated_identifier(requested), text);
}

void ModelSession::create_schema_in_statement(std::string_view name, const std::string& text) {
  touch(catalog_resource(), Access::kWrite);
  // pg_namespace's unique index on the name: wait for an uncommitted
  // creator or dropper of the same name, as for any unique key. A name that
  // was taken while we waited fails on that index (23505), one taken before
  // on the friendlier check (42P06).
  const bool waited = wait_out_catalog_writers(
      [&] {
        for (const Database::SchemaStore& schema : db_.schemas_) {
          if (schema.name != name) continue;
          if (unfinished_by_other(schema.xmin)) return schema.xmin;
          if (unfinished_by_other(schema.xmax)) return schema.xmax;
        }
        return kNoTxn;
      },
      fmt::format("schema {}", name), text);
  if (db_.find_schema(name, current_)) {
    if (waited) {
      fail(sqlstate::kUniqueViolation, "duplicate key value violates unique constraint \"pg_namespace_nspname_index\"",
           text, fmt::format("Key (nspname)=({}) already exists.", name));
    }
    fail(sqlstate::kDuplicateSchema, fmt::format("schema \"{}\" already exists", name), text);
  }
  db_.schemas_.push_back({std::string(name), db_.next_oid(), current_});
  succeed(text, "CREATE SCHEMA");
}

// The schema CREATE TABLE creates in: the named one, or the first existing
// schema of search_path. Holds it against a concurrent DROP.
Database::SchemaStore* ModelSession::creation_schema(std::string_view name, const std::string& text) {
  for (;;) {
    Database::SchemaStore* schema = nullptr;
    if (!name.empty()) {
      schema = db_.find_schema(name, current_);
      if (!schema) fail(sqlstate::kInvalidSchemaName, fmt::format("schema \"{}\" does not exist", name), text);
    } else {
      for (const std::string& candidate : settings_.search_path()) {
        if ((schema = db_.find_schema(candidate, current_))) break;
      }
      if (!schema) fail(sqlstate::kInvalidSchemaName, "no schema has been selected to create in", text);
    }
    const LockTag tag{LockTag::Kind::kSchema, schema->oid};
    const auto label = [schema] { return fmt::format("lock on schema {}", schema->name); };
    acquire_lock(tag, LockMode::kAccessShare, current_, WaitLabel::written_by(label), text);
    if (db_.find_schema(schema->name, current_) == schema) return schema;  // not dropped while we waited
  }
}

void ModelSession::create_table(std::string_view requested_schema, const TableDef& def) {
  const std::string text = exec_.recording() ? create_table_text(requested_schema, def) : std::string();
  begin_statement("db.create_table", text);
  create_table_in_statement(truncated_identifier(requested_schema), def, text);
}

void ModelSession::create_table_in_statement(std::string_view schema_name, const TableDef& def,
                                             const std::string& text) {
  touch(catalog_resource(), Access::kWrite);
  Database::SchemaStore* schema = creation_schema(schema_name, text);
  // As for schemas: the table's row type in pg_type has a unique name.
  const bool waited = wait_out_catalog_writers(
      [&] {
        for (const auto& table : db_.tables_) {
          if (table->schema_oid != schema->oid || table->def->name != def.name) continue;
          if (unfinished_by_other(table->xmin)) return table->xmin;
          if (unfinished_by_other(table->xmax)) return table->xmax;
        }
        return kNoTxn;
      },
      fmt::format("table {}", def.name), text);
  if (db_.find_table(schema->oid, def.name, current_)) {
    if (waited) {
      fail(sqlstate::kUniqueViolation, "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\"",
           text, fmt::format("Key (typname, typnamespace)=({}, {}) already exists.", def.name, schema->oid));
    }
    fail(sqlstate::kDuplicateTable, fmt::format("relation \"{}\" already exists", def.name), text);
  }
  for (const ForeignKey& key : def.foreign_keys) {
    if (key.referenced_table != def.name && !db_.find_table(schema->oid, key.referenced_table, current_)) {
      fail(sqlstate::kUndefinedTable, fmt::format("relation \"{}\" does not exist", key.referenced_table), text);
    }
  }
  db_.created_defs_.push_back(std::make_unique<TableDef>(def));
  TableStore& created =
      db_.add_created_table(TableStore{db_.created_defs_.back().get(), db_.next_oid(), schema->oid, current_});
  created.serial_next.assign(def.columns.size(), 1);
  succeed(text, "CREATE TABLE");
}

void ModelSession::drop_schema(std::string_view requested, bool cascade, bool if_exists) {
  const std::string text = exec_.recording() ? drop_schema_text(requested, cascade, if_exists) : std::string();
  begin_statement("db.drop_schema", text);
  drop_schema_in_statement(truncated_identifier(requested), cascade, if_exists, text);
}

void ModelSession::drop_schema_in_statement(std::string_view name, bool cascade, bool if_exists,
                                            const std::string& text) {
  touch(catalog_resource(), Access::kWrite);
  Database::SchemaStore* schema = db_.find_schema(name, current_);
  if (!schema && if_exists) {
    notice(fmt::format("schema \"{}\" does not exist, skipping", name));
    succeed(text, fmt::format("NOTICE: schema \"{}\" does not exist, skipping", name));
    return;
  }
  if (!schema) fail(sqlstate::kInvalidSchemaName, fmt::format("schema \"{}\" does not exist", name), text);
  const std::int64_t oid = schema->oid;
  const auto label = [name] { return fmt::format("lock on schema {}", name); };
  acquire_lock({LockTag::Kind::kSchema, oid}, LockMode::kAccessExclusive, current_, WaitLabel::written_by(label),
               text);
  // Every table in it, locked as PostgreSQL's dependency walk does: this is
  // where the DROP waits for transactions that used them.
  std::vector<TableStore*> tables;
  for (auto& table : db_.tables_) {
    if (table->schema_oid == oid && db_.visible(table->xmin, table->xmax, current_)) tables.push_back(table);
  }
  for (TableStore* table : tables) {
    const auto table_label = [table] { return fmt::format("lock on table {}", table->def->name); };
    acquire_lock({LockTag::Kind::kRelation, table->oid}, LockMode::kAccessExclusive, current_,
                 WaitLabel::written_by(table_label), text);
  }
  schema = db_.find_schema(name, current_);
  if (!schema || schema->oid != oid) {
    fail(sqlstate::kInvalidSchemaName, fmt::format("schema \"{}\" does not exist", name), text);
  }
  if (!tables.empty() && !cascade) {
    fail(sqlstate::kDependentObjectsStillExist,
         fmt::format("cannot drop schema {} because other objects depend on it", name), text,
         fmt::format("table {}.{} depends on schema {}", name, tables.front()->def->name, name));
  }
  if (tables.size() == 1) {
    notice(fmt::format("drop cascades to table {}.{}", name, tables.front()->def->name));
  } else if (tables.size() > 1) {
    notice(fmt::format("drop cascades to {} other objects", tables.size()));
  }
  for (TableStore* table : tables) table->xmax = current_;
  schema->xmax = current_;
  succeed(text, "DROP SCHEMA");
}

}  // namespace interleave::model::db
