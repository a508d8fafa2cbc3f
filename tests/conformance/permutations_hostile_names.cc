// Hostile names: schema names and values made of SQL metacharacters, very
// long names and Unicode reach the server as one quoted identifier or one
// bound value each, never as SQL text, and the model treats them alike.

#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

// A tenant slug as report 000's create_tenant would turn it into a schema.
const std::string kInjectionSchema = "tenant_x\"; DROP SCHEMA public CASCADE; --";
const std::string kInjectionValue = "'); DROP TABLE accounts; --";
const std::string kUnicodeSchema = "tenant_café-日本";
// PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1).
const std::string kLongSchema = "tenant_" + std::string(70, 'a');
const std::string kLongSchemaTwin = "tenant_" + std::string(60, 'a') + std::string(10, 'b');

}  // namespace

std::vector<Permutation> hostile_name_permutations() {
  return {
      {
          .name = "hostile_schema_name_is_one_quoted_identifier",
          .covers = "hostile names: a schema named with quotes, ';' and '--' is created under exactly that name, "
                    "holds its table, and leaves public and its tables alone; a value with SQL in it is stored "
                    "as it is",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {create_schema("s1_create_schema", kInjectionSchema),
                         set_search_path("s1_search_path", {kInjectionSchema}),
                         create_table("s1_create_table", "", kNotes),
                         insert("s1_insert", "notes", {{"body", kInjectionValue}}), commit("s1_commit")}},
                       {"s2",
                        {select("s2_select_notes", {kInjectionSchema, "notes"}),
                         select("s2_select_accounts", "accounts"),
                         select("s2_select_by_value", {kInjectionSchema, "notes"}, {{"body", kInjectionValue}}),
                         commit("s2_commit")}}},
          .order = {"s1_create_schema", "s1_search_path", "s1_create_table", "s1_insert", "s1_commit",
                    "s2_select_notes", "s2_select_accounts", "s2_select_by_value", "s2_commit"},
          .expected = {
              "s1_create_schema: ok",
              "s1_search_path: ok",
              "s1_create_table: ok",
              "s1_insert: id 1",
              "s1_commit: ok",
              "s2_select_notes: [1, '''); DROP TABLE accounts; --']",
              "s2_select_accounts: [1, 'acme', 'Acme'] [2, 'globex', 'Globex']",
              "s2_select_by_value: [1, '''); DROP TABLE accounts; --']",
              "s2_commit: ok",
          },
      },
      {
          .name = "unicode_schema_name",
          .covers = "hostile names: a schema named with non-ASCII letters is created and found by that name",
          .sessions = {{"s1",
                        {create_schema("s1_create_schema", kUnicodeSchema),
                         create_table("s1_create_table", kUnicodeSchema, kNotes),
                         insert("s1_insert", {kUnicodeSchema, "notes"}, {{"body", "日本"}}),
                         select("s1_select", {kUnicodeSchema, "notes"}), commit("s1_commit")}}},
          .order = {"s1_create_schema", "s1_create_table", "s1_insert", "s1_select", "s1_commit"},
          .expected = {
              "s1_create_schema: ok",
              "s1_create_table: ok",
              "s1_insert: id 1",
              "s1_select: [1, '日本']",
              "s1_commit: ok",
          },
      },
      {
          .name = "long_schema_names_keep_their_first_63_bytes",
          .covers = "hostile names: identifiers longer than 63 bytes are cut to 63, so two long names that share "
                    "their first 63 bytes are one schema (42P06 on the second CREATE SCHEMA), and the long name "
                    "finds the cut one",
          .sessions = {{"s1",
                        {create_schema("s1_create_schema", kLongSchema),
                         create_table("s1_create_table", kLongSchema, kNotes), commit("s1_commit"),
                         create_schema("s1_create_twin", kLongSchemaTwin), rollback("s1_rollback"),
                         select("s1_select_by_twin", {kLongSchemaTwin, "notes"}), commit("s1_commit_again")}}},
          .order = {"s1_create_schema", "s1_create_table", "s1_commit", "s1_create_twin", "s1_rollback",
                    "s1_select_by_twin", "s1_commit_again"},
          .expected = {
              "s1_create_schema: ok",
              "s1_create_table: ok",
              "s1_commit: ok",
              "s1_create_twin: error 42P06: schema \"tenant_" + std::string(56, 'a') + "\" already exists",
              "s1_rollback: ok",
              "s1_select_by_twin: no rows",
              "s1_commit_again: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
