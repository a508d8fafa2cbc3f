#include "backends/pg/ddl.h"

#include <stdexcept>
#include <vector>

namespace interleave::impl::pg {

namespace {

using model::db::ColumnType;
using model::db::TableDef;

std::string column_type_sql(ColumnType type) {
  switch (type) {
    case ColumnType::kBigInt: return "bigint";
    case ColumnType::kText: return "text";
    case ColumnType::kJson: return "jsonb";
    case ColumnType::kBoolean: return "boolean";
  }
  throw std::invalid_argument("unknown column type");
}

// "a", "b" for the columns at `indexes`.
std::string quoted_columns(const QuoteName& quote, const TableDef& def,
                           const std::vector<std::size_t>& indexes) {
  std::string list;
  for (std::size_t index : indexes) {
    if (!list.empty()) list += ", ";
    list += quote(def.columns.at(index).name);
  }
  return list;
}

}  // namespace

std::string quoted_table(const QuoteName& quote, std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote(name);
  return quote(schema) + "." + quote(name);
}

std::string quoted_table(const QuoteName& quote, const model::db::TableName& table) {
  return quoted_table(quote, table.schema, table.name);
}

std::string create_table_sql(const QuoteName& quote, std::string_view schema, const TableDef& def) {
  if (def.columns.empty()) throw std::invalid_argument("table " + def.name + " has no id column");
  std::vector<std::string> elements;
  elements.push_back(quote(def.columns[0].name) + " bigserial PRIMARY KEY");
  for (std::size_t i = 1; i < def.columns.size(); ++i) {
    const model::db::Column& column = def.columns[i];
    elements.push_back(quote(column.name) + " " + column_type_sql(column.type) +
                       (column.not_null ? " NOT NULL" : ""));
  }
  for (const model::db::UniqueConstraint& unique : def.uniques) {
    elements.push_back("CONSTRAINT " + quote(unique.name) + " UNIQUE (" +
                       quoted_columns(quote, def, unique.columns) + ")");
  }
  for (const model::db::ForeignKey& foreign_key : def.foreign_keys) {
    elements.push_back("CONSTRAINT " + quote(foreign_key.name) + " FOREIGN KEY (" +
                       quoted_columns(quote, def, {foreign_key.column}) + ") REFERENCES " +
                       quoted_table(quote, schema, foreign_key.referenced_table) + " (\"id\")");
  }
  std::string sql = "CREATE TABLE " + quoted_table(quote, schema, def.name) + " (";
  for (std::size_t i = 0; i < elements.size(); ++i) sql += (i == 0 ? "" : ", ") + elements[i];
  return sql + ")";
}

}  // namespace interleave::impl::pg
