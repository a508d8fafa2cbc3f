// The document table: a jsonb column (the port holds JSON as canonical text)
// and a bigint version column for optimistic updates
// (UPDATE ... WHERE id = ? AND version = n).

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

const std::string kPublished = R"({"title": "published"})";
const std::string kRenamed = R"({"title": "renamed"})";

// Two optimistic updates of doc 1 from version 1; s1's ends one way or the other.
std::vector<SessionSpec> optimistic_update_race() {
  return {{"s1",
           {update("s1_update", "docs", {{"body", kPublished}, {"version", 2}}, {{"id", 1}, {"version", 1}}),
            commit("s1_commit"), rollback("s1_rollback")}},
          {"s2",
           {update("s2_update", "docs", {{"body", kRenamed}, {"version", 2}}, {{"id", 1}, {"version", 1}}),
            commit("s2_commit"), select("s2_select", "docs")}}};
}

}  // namespace

std::vector<Permutation> document_permutations() {
  return {
      {
          .name = "json_document_round_trips_in_canonical_form",
          .covers =
              "documents: jsonb drops insignificant whitespace, keeps the last of duplicate keys, and the "
              "port returns it with sorted keys",
          .tables = {&kDocs},
          .sessions = {{"s1",
                        {insert("s1_insert", "docs",
                                {{"body",
                                  R"({"b": 1,  "a": [1, 2], "bb": {"y": true, "x": null}, "a": "last"})"},
                                 {"version", 1}}),
                         commit("s1_commit")}},
                       {"s2", {select("s2_select", "docs")}}},
          .order = {"s1_insert", "s1_commit", "s2_select"},
          .expected = {
              "s1_insert: id 1",
              "s1_commit: ok",
              R"(s2_select: [1, '{"a":"last","b":1,"bb":{"x":null,"y":true}}', 1])",
          },
      },
      {
          .name = "json_invalid_text_is_22P02",
          .covers =
              "documents: text that is not JSON is 22P02 (rejected before the row is formed, so no id is "
              "used) and aborts the transaction; a missing version is 23502",
          .tables = {&kDocs},
          .sessions =
              {{"s1",
                {insert("s1_insert_invalid", "docs", {{"body", R"({"a": })"}, {"version", 1}}),
                 select("s1_select", "docs"), rollback("s1_rollback"),
                 insert("s1_insert_without_version", "docs", {{"body", "{}"}}), rollback("s1_rollback_again"),
                 insert("s1_insert", "docs", {{"body", "{}"}, {"version", 1}}), commit("s1_commit")}}},
          .order = {"s1_insert_invalid", "s1_select", "s1_rollback", "s1_insert_without_version",
                    "s1_rollback_again", "s1_insert", "s1_commit"},
          .expected = {
              "s1_insert_invalid: error 22P02: invalid input syntax for type json",
              "s1_select: " + kTransactionAborted,
              "s1_rollback: ok",
              "s1_insert_without_version: error 23502: null value in column \"version\" of relation "
              "\"docs\" violates not-null constraint",
              "s1_rollback_again: ok",
              "s1_insert: id 2",
              "s1_commit: ok",
          },
      },
      {
          .name = "version_update_of_a_stale_writer_matches_no_row",
          .covers =
              "documents: two optimistic updates from version 1: the second waits for the first, re-reads "
              "the row and matches 0 rows once the first commits",
          .tables = {&kDocs},
          .setup = one_doc(),
          .sessions = optimistic_update_race(),
          .order = {"s1_update", "s2_update", "s1_commit", "s2_commit", "s2_select"},
          .expected = {
              "s1_update: 1 row",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s2_update: <... completed> 0 rows",
              "s2_commit: ok",
              R"(s2_select: [1, '{"title":"published"}', 2])",
          },
      },
      {
          .name = "version_update_proceeds_when_the_first_writer_rolls_back",
          .covers =
              "documents: the waiting optimistic update matches its row once the first writer rolls back",
          .tables = {&kDocs},
          .setup = one_doc(),
          .sessions = optimistic_update_race(),
          .order = {"s1_update", "s2_update", "s1_rollback", "s2_commit", "s2_select"},
          .expected = {
              "s1_update: 1 row",
              "s2_update: <waiting ...>",
              "s1_rollback: ok",
              "s2_update: <... completed> 1 row",
              "s2_commit: ok",
              R"(s2_select: [1, '{"title":"renamed"}', 2])",
          },
      },
      {
          .name = "json_condition_compares_documents_not_text",
          .covers =
              "documents: WHERE body = <json> compares jsonb values: key order and whitespace do not matter",
          .tables = {&kDocs},
          .setup = {insert("setup_doc", "docs",
                           {{"body", R"({"a": 1, "b": [true, null]})"}, {"version", 1}})},
          .sessions = {{"s1",
                        {select("s1_select", "docs", {{"body", R"({"b":[true,null],   "a":1})"}}),
                         select("s1_select_other", "docs", {{"body", R"({"a": 1})"}})}}},
          .order = {"s1_select", "s1_select_other"},
          .expected = {
              R"(s1_select: [1, '{"a":1,"b":[true,null]}', 1])",
              "s1_select_other: no rows",
          },
      },
      {
          .name = "boolean_column_takes_postgres_boolean_input",
          .covers = "typed columns: a boolean takes 1/0, t/f, yes/no, on/off in any case, reads back as 1 or 0, "
                    "and anything else is 22P02",
          .tables = {&kFlags},
          .sessions = {{"s1",
                        {insert("s1_one", "flags", {{"active", std::int64_t{1}}}),
                         insert("s1_yes", "flags", {{"active", " Yes "}}),
                         insert("s1_off", "flags", {{"active", "OFF"}}),
                         select("s1_true", "flags", {{"active", "t"}}), commit("s1_commit"),
                         insert("s1_maybe", "flags", {{"active", "maybe"}}), rollback("s1_rollback")}}},
          .order = {"s1_one", "s1_yes", "s1_off", "s1_true", "s1_commit", "s1_maybe", "s1_rollback"},
          .expected = {
              "s1_one: id 1",
              "s1_yes: id 2",
              "s1_off: id 3",
              "s1_true: [1, 1] [2, 1]",
              "s1_commit: ok",
              R"(s1_maybe: error 22P02: invalid input syntax for type boolean: "maybe")",
              "s1_rollback: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
