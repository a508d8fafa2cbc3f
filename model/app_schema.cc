#include "model/app_schema.h"

namespace interleave::model {

using db::ColumnType;

const db::TableDef kUsers{
    .name = "users",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"email", ColumnType::kText, true},
                {"name", ColumnType::kText}},
    .uniques = {{.name = "users_email_key", .columns = {1}}},
};

const db::TableDef kTenants{
    .name = "tenants",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"name", ColumnType::kText, true},
                {"slug", ColumnType::kText, true},
                {"status", ColumnType::kText, true},
                {"is_active", ColumnType::kBoolean},
                {"deleted_at", ColumnType::kBigInt},
                {"schema_name", ColumnType::kText},
                {"owner_id", ColumnType::kBigInt}},
    .uniques = {{.name = "tenants_slug_key", .columns = {2}}},
    .foreign_keys = {{.name = "tenants_owner_id_fkey", .column = 7, .referenced_table = "users"}},
};

const db::TableDef kMemberships{
    .name = "memberships",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"user_id", ColumnType::kBigInt, true},
                {"tenant_id", ColumnType::kBigInt, true},
                {"role", ColumnType::kText, true}},
    .uniques = {{.name = "memberships_user_id_tenant_id_key", .columns = {1, 2}}},
    .foreign_keys = {{.name = "memberships_user_id_fkey", .column = 1, .referenced_table = "users"},
                     {.name = "memberships_tenant_id_fkey", .column = 2, .referenced_table = "tenants"}},
};

const db::TableDef kStorefrontDrafts{
    .name = "storefront_drafts",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"tenant_id", ColumnType::kBigInt, true},
                {"config", ColumnType::kJson, true},
                {"version", ColumnType::kBigInt, true}},
    .uniques = {{.name = "storefront_drafts_tenant_id_key", .columns = {1}}},
    .foreign_keys = {{.name = "storefront_drafts_tenant_id_fkey", .column = 1, .referenced_table = "tenants"}},
};

const db::TableDef kProducts{
    .name = "products",
    .columns = {{"id", ColumnType::kBigInt, true}, {"name", ColumnType::kText, true}},
};

std::string provisioning_workflow_id(std::string_view slug) {
  return "tenant-provision-" + std::string(slug);
}

std::string tenant_schema_name(std::string_view slug) { return "tenant_" + std::string(slug); }

std::span<const db::TableDef* const> app_tables() {
  static const db::TableDef* const tables[] = {&kUsers, &kTenants, &kMemberships, &kStorefrontDrafts};
  return tables;
}

}  // namespace interleave::model
