#pragma once
// Table definitions shared by the model and the PostgreSQL backend, and the
// rows that statements return.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/db/value.h"

namespace interleave::model::db {

struct UniqueConstraint {
  std::string name;                  // as PostgreSQL names it: tenants_slug_key
  std::vector<std::size_t> columns;  // indexes into TableDef::columns
};

// Column 0 is always `id bigserial primary key`.
struct TableDef {
  std::string name;
  std::vector<std::string> columns;
  std::vector<UniqueConstraint> uniques;

  // Index of `column`; throws std::out_of_range for a name the table lacks.
  std::size_t column_index(std::string_view column) const;
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
  std::int64_t id() const { return std::get<std::int64_t>(values[0]); }
  const std::string& text(std::string_view column) const {
    return std::get<std::string>((*this)[column]);
  }
};

}  // namespace interleave::model::db
