#include "model/app_schema.h"

namespace interleave::model {

using db::ColumnType;

const db::TableDef kTenants{
    .name = "tenants",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"name", ColumnType::kText, true},
                {"slug", ColumnType::kText, true},
                {"status", ColumnType::kText, true}},
    .uniques = {{.name = "tenants_slug_key", .columns = {2}}},
};

std::string provisioning_workflow_id(std::string_view slug) {
  return "tenant-provision-" + std::string(slug);
}

std::span<const db::TableDef* const> app_tables() {
  static const db::TableDef* const tables[] = {&kTenants};
  return tables;
}

}  // namespace interleave::model
