#include "tests/conformance/tables.h"

#include "tests/conformance/steps.h"

namespace interleave::conformance {

using model::db::ColumnType;
using model::db::TableDef;

const TableDef kAccounts{
    .name = "accounts",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"handle", ColumnType::kText},
                {"name", ColumnType::kText}},
    .uniques = {{.name = "accounts_handle_key", .columns = {1}}},
};

const TableDef kParents{
    .name = "parents",
    .columns = {{"id", ColumnType::kBigInt, true}, {"name", ColumnType::kText}},
};

const TableDef kChildren{
    .name = "children",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"parent_id", ColumnType::kBigInt},
                {"name", ColumnType::kText}},
    .foreign_keys = {{.name = "children_parent_id_fkey", .column = 1, .referenced_table = "parents"}},
};

const TableDef kDocs{
    .name = "docs",
    .columns = {{"id", ColumnType::kBigInt, true},
                {"body", ColumnType::kJson},
                {"version", ColumnType::kBigInt, true}},
};

const TableDef kNotes{
    .name = "notes",
    .columns = {{"id", ColumnType::kBigInt, true}, {"body", ColumnType::kText}},
};

const TableDef kFlags{
    .name = "flags",
    .columns = {{"id", ColumnType::kBigInt, true}, {"active", ColumnType::kBoolean}},
};

std::vector<Step> two_accounts() {
  return {insert("setup_acme", "accounts", {{"handle", "acme"}, {"name", "Acme"}}),
          insert("setup_globex", "accounts", {{"handle", "globex"}, {"name", "Globex"}})};
}

std::vector<Step> one_parent() { return {insert("setup_parent", "parents", {{"name", "p1"}})}; }

std::vector<Step> tenant_schema() {
  return {create_schema("setup_schema", "tenant_a"), create_table("setup_notes", "tenant_a", kNotes),
          insert("setup_note", {"tenant_a", "notes"}, {{"body", "hello"}})};
}

std::vector<Step> one_doc() {
  return {insert("setup_doc", "docs", {{"body", R"({"title": "draft"})"}, {"version", 1}})};
}

}  // namespace interleave::conformance
