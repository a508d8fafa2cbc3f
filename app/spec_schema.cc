#include "app/spec_schema.h"

#include "backends/pg/ddl.h"
#include "model/app_schema.h"

namespace interleave::app {

namespace {

reports::SpecColumn spec_column(model::db::ColumnType type) {
  switch (type) {
    case model::db::ColumnType::kBigInt: return reports::SpecColumn::kNumber;
    case model::db::ColumnType::kBoolean: return reports::SpecColumn::kBoolean;
    case model::db::ColumnType::kText:
    case model::db::ColumnType::kJson: return reports::SpecColumn::kText;
  }
  return reports::SpecColumn::kText;
}

reports::SpecTable spec_table(const model::db::TableDef& def) {
  reports::SpecTable table{def.name, {}, [&def](std::string_view schema) {
                             return impl::pg::create_table_sql(reports::quote_identifier, schema, def);
                           }};
  for (const model::db::Column& column : def.columns) table.columns.emplace(column.name, spec_column(column.type));
  return table;
}

}  // namespace

reports::SpecSchema app_spec_schema() {
  reports::SpecSchema schema;
  for (const model::db::TableDef* def : model::app_tables()) {
    schema.tables.push_back(spec_table(*def));
    schema.app_tables.push_back(def->name);
  }
  schema.tables.push_back(spec_table(model::kProducts));
  return schema;
}

}  // namespace interleave::app
