#pragma once
// Table definitions shared by the model and the PostgreSQL backend (which
// turns them into CREATE TABLE statements), and the rows statements return.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/db/value.h"

namespace interleave::model::db {

// bigint, text, jsonb (held as canonical JSON text, see value.h) and
// boolean (held as the bigint 1 or 0, as the server accepts '1'/'0').
enum class ColumnType : std::uint8_t { kBigInt, kText, kJson, kBoolean };

struct Column {
  std::string name;
  ColumnType type = ColumnType::kText;
  bool not_null = false;
  // Columns of tables created from SQL text (TableDef::id_column false):
  bool serial = false;    // serial/bigserial: defaults to its own sequence's next value
  bool int4 = false;      // integer/serial: a bigint the column keeps within 32 bits (22003 past them)
  Value default_value{};  // DEFAULT <constant>; NULL when the column has none
};

struct UniqueConstraint {
  std::string name;                  // as PostgreSQL names it: tenants_slug_key
  std::vector<std::size_t> columns;  // indexes into TableDef::columns
};

// FOREIGN KEY (column) REFERENCES referenced_table (referenced column),
// NO ACTION: the referenced table lives in the same schema.
struct ForeignKey {
  std::string name;                  // memberships_user_id_fkey
  std::size_t column;                // index into TableDef::columns
  std::string referenced_table;
  std::size_t referenced_column = 0;  // index into the referenced table's columns: its id by default
};

// Tells one TableDef object from every other, a copy included (a copy may
// be changed afterwards), so what a statement worked out from a table's
// shape can be kept against it and trusted while the ids match. Drawn from
// one process-wide counter: never reused, never 0.
class ShapeId {
 public:
  ShapeId() : value_(next()) {}
  ShapeId(const ShapeId&) : value_(next()) {}
  ShapeId& operator=(const ShapeId&) {
    value_ = next();
    return *this;
  }
  std::uint64_t value() const { return value_; }

 private:
  static std::uint64_t next();
  std::uint64_t value_;
};

// The services' tables (id_column true): column 0 is `id bigserial primary
// key`, and the id is the row's identity. Tables created from SQL text
// (id_column false) have the columns they declare; each row has a hidden
// identity (ctid in spirit) and the declared PRIMARY KEY is a unique
// constraint named <table>_pkey over NOT NULL columns.
struct TableDef {
  std::string name;
  std::vector<Column> columns;
  std::vector<UniqueConstraint> uniques;
  std::vector<ForeignKey> foreign_keys;
  bool id_column = true;
  ShapeId shape{};

  // Index of `column`; nullopt for a name the table lacks.
  std::optional<std::size_t> find_column(std::string_view column) const;
  // Index of `column`; throws std::out_of_range for a name the table lacks.
  std::size_t column_index(std::string_view column) const;
  bool has_column(std::string_view column) const { return find_column(column).has_value(); }
};

// A table as a statement names it: unqualified (found through search_path)
// or qualified by its schema. Never parsed from text, so a schema or table
// name may hold any character, dots and quotes included.
struct TableName {
  std::string schema;  // empty: unqualified
  std::string name;

  TableName(const char* table) : name(table) {}  // NOLINT: "tenants" reads as a table
  TableName(std::string_view table) : name(table) {}  // NOLINT
  TableName(const std::string& table) : name(table) {}  // NOLINT
  TableName(std::string schema_name, std::string table) : schema(std::move(schema_name)), name(std::move(table)) {}
  bool qualified() const { return !schema.empty(); }
  // schema.name or name, for messages (unquoted, as PostgreSQL prints them).
  std::string display() const { return qualified() ? schema + "." + name : name; }
};

// Equality conditions joined by AND; assignments of a SET or VALUES list.
using Conditions = std::vector<std::pair<std::string, Value>>;
using Assignments = std::vector<std::pair<std::string, Value>>;

struct Row {
  const TableDef* table = nullptr;
  std::vector<Value> values;  // one per table column

  const Value& operator[](std::string_view column) const {
    return values[table->column_index(column)];
  }
  // Requires table->id_column.
  std::int64_t id() const { return std::get<std::int64_t>(values[0]); }
  const std::string& text(std::string_view column) const {
    return std::get<std::string>((*this)[column]);
  }
};

}  // namespace interleave::model::db
