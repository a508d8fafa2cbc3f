// Schemas: search_path, qualified names, CREATE/DROP SCHEMA with
// PostgreSQL's lock conflicts (a DROP ... CASCADE waits for transactions
// that used its tables, and statements queue behind the DROP).

#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

const TableName kTenantNotes{"tenant_a", "notes"};
const std::string kNotesMissing = "error 42P01: relation \"notes\" does not exist";
const std::string kTenantNotesMissing = "error 42P01: relation \"tenant_a.notes\" does not exist";

}  // namespace

std::vector<Permutation> schema_permutations() {
  return {
      {
          .name = "schema_created_by_a_session_is_found_through_search_path",
          .covers = "schemas: CREATE SCHEMA, CREATE TABLE in the first schema of search_path, unqualified "
                    "statements, and the qualified name from another session",
          .sessions = {{"s1",
                        {create_schema("s1_create_schema", "tenant_b"),
                         set_search_path("s1_search_path", {"tenant_b"}),
                         create_table("s1_create_table", "", kNotes),
                         insert("s1_insert", "notes", {{"body", "hello"}}), select("s1_select", "notes"),
                         commit("s1_commit")}},
                       {"s2",
                        {select("s2_select_uncommitted", {"tenant_b", "notes"}), rollback("s2_rollback"),
                         select("s2_select", {"tenant_b", "notes"})}}},
          .order = {"s1_create_schema", "s1_search_path", "s1_create_table", "s1_insert", "s1_select",
                    "s2_select_uncommitted", "s2_rollback", "s1_commit", "s2_select"},
          .expected = {
              "s1_create_schema: ok",
              "s1_search_path: ok",
              "s1_create_table: ok",
              "s1_insert: id 1",
              "s1_select: [1, 'hello']",
              "s2_select_uncommitted: error 42P01: relation \"tenant_b.notes\" does not exist",
              "s2_rollback: ok",
              "s1_commit: ok",
              "s2_select: [1, 'hello']",
          },
      },
      {
          .name = "schema_missing_for_a_qualified_name",
          .covers =
              "schemas: a statement on a table of a missing schema is 42P01 naming schema.table; CREATE "
              "TABLE in a missing schema is 3F000",
          .sessions = {{"s1",
                        {select("s1_select", {"nope", "notes"}), rollback("s1_rollback"),
                         insert("s1_insert", {"nope", "notes"}, {{"body", "x"}}),
                         rollback("s1_rollback_again"), create_table("s1_create_table", "nope", kNotes),
                         rollback("s1_rollback_create")}}},
          .order = {"s1_select", "s1_rollback", "s1_insert", "s1_rollback_again", "s1_create_table",
                    "s1_rollback_create"},
          .expected = {
              "s1_select: error 42P01: relation \"nope.notes\" does not exist",
              "s1_rollback: ok",
              "s1_insert: error 42P01: relation \"nope.notes\" does not exist",
              "s1_rollback_again: ok",
              "s1_create_table: error 3F000: schema \"nope\" does not exist",
              "s1_rollback_create: ok",
          },
      },
      {
          .name = "schema_search_path_hides_tables_of_other_schemas",
          .covers = "schemas: an unqualified name is looked up in search_path only (42P01 otherwise), also "
                    "when search_path names a missing schema",
          .tables = {&kAccounts},
          .setup = tenant_schema(),
          .sessions = {{"s1",
                        {set_search_path("s1_search_path", {"tenant_a"}), select("s1_select_notes", "notes"),
                         select("s1_select_accounts", "accounts"), rollback("s1_rollback"),
                         set_search_path("s1_search_path_missing", {"nope"}),
                         select("s1_select_notes_again", "notes"), rollback("s1_rollback_again")}}},
          .order = {"s1_search_path", "s1_select_notes", "s1_select_accounts", "s1_rollback",
                    "s1_search_path_missing", "s1_select_notes_again", "s1_rollback_again"},
          .expected = {
              "s1_search_path: ok",
              "s1_select_notes: [1, 'hello']",
              "s1_select_accounts: error 42P01: relation \"accounts\" does not exist",
              "s1_rollback: ok",
              "s1_search_path_missing: ok",
              "s1_select_notes_again: " + kNotesMissing,
              "s1_rollback_again: ok",
          },
      },
      {
          .name = "search_path_is_rolled_back_with_its_transaction",
          .covers = "schemas: SET search_path is transactional: rollback restores it, commit keeps it",
          .setup = tenant_schema(),
          .sessions = {{"s1",
                        {set_search_path("s1_search_path", {"tenant_a"}), select("s1_select", "notes"),
                         rollback("s1_rollback"), select("s1_select_after_rollback", "notes"),
                         rollback("s1_rollback_error"), set_search_path("s1_search_path_again", {"tenant_a"}),
                         commit("s1_commit"), select("s1_select_after_commit", "notes")}}},
          .order = {"s1_search_path", "s1_select", "s1_rollback", "s1_select_after_rollback",
                    "s1_rollback_error", "s1_search_path_again", "s1_commit", "s1_select_after_commit"},
          .expected = {
              "s1_search_path: ok",
              "s1_select: [1, 'hello']",
              "s1_rollback: ok",
              "s1_select_after_rollback: " + kNotesMissing,
              "s1_rollback_error: ok",
              "s1_search_path_again: ok",
              "s1_commit: ok",
              "s1_select_after_commit: [1, 'hello']",
          },
      },
      {
          .name = "drop_schema_cascade_waits_for_a_reader_and_queues_later_statements",
          .covers =
              "schemas: DROP SCHEMA CASCADE waits for a transaction that read a table in it; a statement "
              "issued meanwhile waits behind the DROP and fails with 42P01 once it commits",
          .setup = tenant_schema(),
          .sessions = {{"s1",
                        {set_search_path("s1_search_path", {"tenant_a"}), select("s1_select", "notes"),
                         commit("s1_commit")}},
                       {"s2", {drop_schema("s2_drop", "tenant_a", Drop::kCascade), commit("s2_commit")}},
                       {"s3",
                        {set_search_path("s3_search_path", {"tenant_a"}), select("s3_select", "notes"),
                         rollback("s3_rollback")}}},
          .order = {"s1_search_path", "s1_select", "s2_drop", "s3_search_path", "s3_select", "s1_commit",
                    "s2_commit", "s3_rollback"},
          .expected = {
              "s1_search_path: ok",
              "s1_select: [1, 'hello']",
              "s2_drop: <waiting ...>",
              "s3_search_path: ok",
              "s3_select: <waiting ...>",
              "s1_commit: ok",
              "s2_drop: <... completed> ok",
              "s2_commit: ok",
              "s3_select: <... completed> " + kNotesMissing,
              "s3_rollback: ok",
          },
      },
      {
          .name = "drop_schema_cascade_waits_for_a_writer_that_rolls_back",
          .covers = "schemas: DROP SCHEMA CASCADE waits for a transaction that inserted into a table in it",
          .setup = tenant_schema(),
          .sessions = {{"s1",
                        {insert("s1_insert", kTenantNotes, {{"body", "world"}}), rollback("s1_rollback")}},
                       {"s2", {drop_schema("s2_drop", "tenant_a", Drop::kCascade), commit("s2_commit")}}},
          .order = {"s1_insert", "s2_drop", "s1_rollback", "s2_commit"},
          .expected = {
              "s1_insert: id 2",
              "s2_drop: <waiting ...>",
              "s1_rollback: ok",
              "s2_drop: <... completed> ok",
              "s2_commit: ok",
          },
      },
      {
          .name = "qualified_statement_behind_an_uncommitted_drop_fails_once_it_commits",
          .covers =
              "schemas: a qualified statement on a table an uncommitted DROP SCHEMA removed waits for it, "
              "then 42P01 naming schema.table; a new statement fails at once",
          .setup = tenant_schema(),
          .sessions = {{"s1", {drop_schema("s1_drop", "tenant_a", Drop::kCascade), commit("s1_commit")}},
                       {"s2",
                        {select("s2_select", kTenantNotes), rollback("s2_rollback"),
                         insert("s2_insert", kTenantNotes, {{"body", "x"}}), rollback("s2_rollback_again")}}},
          .order = {"s1_drop", "s2_select", "s1_commit", "s2_rollback", "s2_insert", "s2_rollback_again"},
          .expected = {
              "s1_drop: ok",
              "s2_select: <waiting ...>",
              "s1_commit: ok",
              "s2_select: <... completed> " + kTenantNotesMissing,
              "s2_rollback: ok",
              "s2_insert: " + kTenantNotesMissing,
              "s2_rollback_again: ok",
          },
      },
      {
          .name = "statement_behind_a_drop_that_rolls_back_succeeds",
          .covers = "schemas: a statement waiting behind DROP SCHEMA proceeds when the DROP rolls back",
          .setup = tenant_schema(),
          .sessions = {{"s1", {drop_schema("s1_drop", "tenant_a", Drop::kCascade), rollback("s1_rollback")}},
                       {"s2",
                        {set_search_path("s2_search_path", {"tenant_a"}), select("s2_select", "notes"),
                         commit("s2_commit")}}},
          .order = {"s1_drop", "s2_search_path", "s2_select", "s1_rollback", "s2_commit"},
          .expected = {
              "s1_drop: ok",
              "s2_search_path: ok",
              "s2_select: <waiting ...>",
              "s1_rollback: ok",
              "s2_select: <... completed> [1, 'hello']",
              "s2_commit: ok",
          },
      },
      {
          .name = "drop_schema_without_cascade_refuses_a_schema_with_tables",
          .covers = "schemas: DROP SCHEMA without CASCADE on a schema holding a table is 2BP01; on an empty "
                    "one it succeeds",
          .setup = tenant_schema(),
          .sessions = {{"s1",
                        {drop_schema("s1_drop", "tenant_a", Drop::kRestrict), rollback("s1_rollback"),
                         create_schema("s1_create_empty", "tenant_b"),
                         drop_schema("s1_drop_empty", "tenant_b", Drop::kRestrict), commit("s1_commit")}}},
          .order = {"s1_drop", "s1_rollback", "s1_create_empty", "s1_drop_empty", "s1_commit"},
          .expected = {
              "s1_drop: error 2BP01: cannot drop schema tenant_a because other objects depend on it",
              "s1_rollback: ok",
              "s1_create_empty: ok",
              "s1_drop_empty: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "drop_of_a_missing_schema_fails_unless_if_exists",
          .covers = "schemas: DROP SCHEMA of a missing schema is 3F000, with or without CASCADE; IF EXISTS "
                    "succeeds",
          .sessions = {{"s1",
                        {drop_schema("s1_drop", "nope", Drop::kRestrict), rollback("s1_rollback"),
                         drop_schema("s1_drop_cascade", "nope", Drop::kCascade),
                         rollback("s1_rollback_again"),
                         drop_schema("s1_drop_if_exists", "nope", Drop::kIfExists), commit("s1_commit")}}},
          .order = {"s1_drop", "s1_rollback", "s1_drop_cascade", "s1_rollback_again", "s1_drop_if_exists",
                    "s1_commit"},
          .expected = {
              "s1_drop: error 3F000: schema \"nope\" does not exist",
              "s1_rollback: ok",
              "s1_drop_cascade: error 3F000: schema \"nope\" does not exist",
              "s1_rollback_again: ok",
              "s1_drop_if_exists: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "create_of_an_existing_schema_or_table_fails",
          .covers =
              "schemas: CREATE SCHEMA of an existing name is 42P06; CREATE TABLE of an existing one 42P07",
          .setup = tenant_schema(),
          .sessions = {{"s1",
                        {create_schema("s1_create_schema", "tenant_a"), rollback("s1_rollback"),
                         create_table("s1_create_table", "tenant_a", kNotes),
                         rollback("s1_rollback_again")}}},
          .order = {"s1_create_schema", "s1_rollback", "s1_create_table", "s1_rollback_again"},
          .expected = {
              "s1_create_schema: error 42P06: schema \"tenant_a\" already exists",
              "s1_rollback: ok",
              "s1_create_table: error 42P07: relation \"notes\" already exists",
              "s1_rollback_again: ok",
          },
      },
      {
          .name = "concurrent_create_schema_waits_then_fails_on_the_catalog_index",
          .covers =
              "schemas: CREATE SCHEMA of a name another transaction created but has not committed waits "
              "for it, then fails with 23505 on pg_namespace's unique index (not 42P06)",
          .sessions = {{"s1", {create_schema("s1_create", "tenant_b"), commit("s1_commit")}},
                       {"s2", {create_schema("s2_create", "tenant_b"), rollback("s2_rollback")}}},
          .order = {"s1_create", "s2_create", "s1_commit", "s2_rollback"},
          .expected = {
              "s1_create: ok",
              "s2_create: <waiting ...>",
              "s1_commit: ok",
              "s2_create: <... completed> error 23505: duplicate key value violates unique constraint "
              "\"pg_namespace_nspname_index\"",
              "s2_rollback: ok",
          },
      },
      {
          .name = "concurrent_create_table_waits_then_fails_on_the_catalog_index",
          .covers =
              "schemas: CREATE TABLE of a name another transaction created but has not committed waits for "
              "it, then fails with 23505 on a catalog index (not 42P07)",
          .sessions = {{"s1", {create_table("s1_create", "public", kNotes), commit("s1_commit")}},
                       {"s2", {create_table("s2_create", "public", kNotes), rollback("s2_rollback")}}},
          .order = {"s1_create", "s2_create", "s1_commit", "s2_rollback"},
          .expected = {
              "s1_create: ok",
              "s2_create: <waiting ...>",
              "s1_commit: ok",
              "s2_create: <... completed> error 23505: duplicate key value violates unique constraint "
              "\"pg_type_typname_nsp_index\"",
              "s2_rollback: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
