// Row locks: SELECT ... FOR UPDATE/SHARE/KEY SHARE and the locks UPDATE and
// DELETE take; a waiter re-reads the row's newest version when the holder
// commits (EvalPlanQual), and FOR KEY SHARE (what a foreign-key check takes)
// does not conflict with an update that leaves the key alone.

#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

std::vector<Permutation> row_lock_permutations() {
  return {
      {
          .name = "for_update_waits_for_for_update_then_returns_the_new_version",
          .covers = "row locks: FOR UPDATE blocks FOR UPDATE until commit, then returns the committed new "
                    "version; a plain SELECT does not wait and sees the old one",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1",
                {select("s1_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate),
                 update("s1_update", "accounts", {{"name", "Acme2"}}, {{"id", 1}}), commit("s1_commit")}},
               {"s2",
                {select("s2_select", "accounts", {{"id", 1}}),
                 select("s2_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate), commit("s2_commit")}}},
          .order = {"s1_lock", "s1_update", "s2_select", "s2_lock", "s1_commit", "s2_commit"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s1_update: 1 row",
              "s2_select: [1, 'acme', 'Acme']",
              "s2_lock: <waiting ...>",
              "s1_commit: ok",
              "s2_lock: <... completed> [1, 'acme', 'Acme2']",
              "s2_commit: ok",
          },
      },
      {
          .name = "for_update_blocks_an_update_until_rollback",
          .covers =
              "row locks: FOR UPDATE blocks UPDATE of the row until the holder ends; other rows are free",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {select("s1_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate),
                         rollback("s1_rollback")}},
                       {"s2",
                        {update("s2_update_other", "accounts", {{"name", "S2"}}, {{"id", 2}}),
                         update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}}), commit("s2_commit"),
                         select("s2_select", "accounts")}}},
          .order = {"s1_lock", "s2_update_other", "s2_update", "s1_rollback", "s2_commit", "s2_select"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s2_update_other: 1 row",
              "s2_update: <waiting ...>",
              "s1_rollback: ok",
              "s2_update: <... completed> 1 row",
              "s2_commit: ok",
              "s2_select: [1, 'acme', 'S2'] [2, 'globex', 'S2']",
          },
      },
      {
          .name = "update_waiting_on_a_changed_row_rechecks_its_where",
          .covers = "row locks: an UPDATE that waited for another's update re-evaluates its WHERE on the new "
                    "version (EvalPlanQual): 0 rows when it no longer matches",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {update("s1_update", "accounts", {{"handle", "zeta"}}, {{"handle", "acme"}}),
                         commit("s1_commit")}},
                       {"s2",
                        {update("s2_update", "accounts", {{"name", "S2"}}, {{"handle", "acme"}}),
                         commit("s2_commit"), select("s2_select", "accounts", {{"id", 1}})}}},
          .order = {"s1_update", "s2_update", "s1_commit", "s2_commit", "s2_select"},
          .expected = {
              "s1_update: 1 row",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s2_update: <... completed> 0 rows",
              "s2_commit: ok",
              "s2_select: [1, 'zeta', 'Acme']",
          },
      },
      {
          .name = "for_update_waiting_on_a_deleted_row_returns_nothing",
          .covers = "row locks: FOR UPDATE waiting on a row another transaction deletes returns no row once "
                    "the delete commits",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {remove("s1_delete", "accounts", {{"id", 1}}), commit("s1_commit")}},
                       {"s2",
                        {select("s2_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate),
                         commit("s2_commit")}}},
          .order = {"s1_delete", "s2_lock", "s1_commit", "s2_commit"},
          .expected = {
              "s1_delete: 1 row",
              "s2_lock: <waiting ...>",
              "s1_commit: ok",
              "s2_lock: <... completed> no rows",
              "s2_commit: ok",
          },
      },
      {
          .name = "for_share_is_shared_but_blocks_an_update",
          .covers =
              "row locks: FOR SHARE does not block FOR SHARE, but blocks UPDATE until every sharer ends",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1", {select("s1_share", "accounts", {{"id", 1}}, RowLock::kForShare), commit("s1_commit")}},
               {"s2", {select("s2_share", "accounts", {{"id", 1}}, RowLock::kForShare), commit("s2_commit")}},
               {"s3", {update("s3_update", "accounts", {{"name", "S3"}}, {{"id", 1}}), commit("s3_commit")}}},
          .order = {"s1_share", "s2_share", "s3_update", "s1_commit", "s2_commit", "s3_commit"},
          .expected = {
              "s1_share: [1, 'acme', 'Acme']",
              "s2_share: [1, 'acme', 'Acme']",
              "s3_update: <waiting ...>",
              "s1_commit: ok",
              "s2_commit: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
          },
      },
      {
          .name = "for_key_share_does_not_block_an_update_of_other_columns",
          .covers = "row locks: FOR KEY SHARE lets an UPDATE of non-key columns through at once, but blocks "
                    "a DELETE of the row (also after that update)",
          .tables = {&kParents},
          .setup = one_parent(),
          .sessions = {{"s1",
                        {select("s1_key_share", "parents", {{"id", 1}}, RowLock::kForKeyShare),
                         commit("s1_commit")}},
                       {"s2",
                        {update("s2_update", "parents", {{"name", "renamed"}}, {{"id", 1}}),
                         remove("s2_delete", "parents", {{"id", 1}}), commit("s2_commit")}}},
          .order = {"s1_key_share", "s2_update", "s2_delete", "s1_commit", "s2_commit"},
          .expected = {
              "s1_key_share: [1, 'p1']",
              "s2_update: 1 row",
              "s2_delete: <waiting ...>",
              "s1_commit: ok",
              "s2_delete: <... completed> 1 row",
              "s2_commit: ok",
          },
      },
      {
          .name = "foreign_key_insert_does_not_block_an_update_of_the_parent",
          .covers = "row locks: a child insert key-share-locks its parent, which does not block an UPDATE of "
                    "the parent's other columns",
          .tables = {&kParents, &kChildren},
          .setup = one_parent(),
          .sessions = {{"s1",
                        {insert("s1_insert_child", "children", {{"parent_id", 1}}), commit("s1_commit")}},
                       {"s2",
                        {update("s2_update_parent", "parents", {{"name", "renamed"}}, {{"id", 1}}),
                         commit("s2_commit")}}},
          .order = {"s1_insert_child", "s2_update_parent", "s2_commit", "s1_commit"},
          .expected = {
              "s1_insert_child: id 1",
              "s2_update_parent: 1 row",
              "s2_commit: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "for_update_waiting_on_a_row_whose_key_changed_returns_nothing",
          .covers =
              "row locks: FOR UPDATE re-evaluates its WHERE on the committed new version: no row when it "
              "no longer matches",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {update("s1_update", "accounts", {{"handle", "zeta"}}, {{"id", 1}}),
                         commit("s1_commit")}},
                       {"s2",
                        {select("s2_lock", "accounts", {{"handle", "acme"}}, RowLock::kForUpdate),
                         commit("s2_commit")}}},
          .order = {"s1_update", "s2_lock", "s1_commit", "s2_commit"},
          .expected = {
              "s1_update: 1 row",
              "s2_lock: <waiting ...>",
              "s1_commit: ok",
              "s2_lock: <... completed> no rows",
              "s2_commit: ok",
          },
      },
      {
          .name = "delete_waiting_on_an_updated_row_deletes_the_new_version",
          .covers = "row locks: a DELETE that waited for another's update deletes the committed new version "
                    "when it still matches",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {update("s1_update", "accounts", {{"name", "Acme2"}}, {{"id", 1}}),
                         commit("s1_commit")}},
                       {"s2",
                        {remove("s2_delete", "accounts", {{"handle", "acme"}}), commit("s2_commit"),
                         select("s2_select", "accounts")}}},
          .order = {"s1_update", "s2_delete", "s1_commit", "s2_commit", "s2_select"},
          .expected = {
              "s1_update: 1 row",
              "s2_delete: <waiting ...>",
              "s1_commit: ok",
              "s2_delete: <... completed> 1 row",
              "s2_commit: ok",
              "s2_select: [2, 'globex', 'Globex']",
          },
      },
      {
          .name = "update_waiting_on_a_deleted_row_updates_nothing",
          .covers = "row locks: an UPDATE that waited for another's delete updates 0 rows once it commits",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1", {remove("s1_delete", "accounts", {{"id", 1}}), commit("s1_commit")}},
               {"s2", {update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}}), commit("s2_commit")}}},
          .order = {"s1_delete", "s2_update", "s1_commit", "s2_commit"},
          .expected = {
              "s1_delete: 1 row",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s2_update: <... completed> 0 rows",
              "s2_commit: ok",
          },
      },
      {
          // Found by replaying section-id-race alt on a server: PostgreSQL
          // locks the newest version before it re-checks the WHERE
          // (table_tuple_lock, then EvalPlanQual), and the lock stays when the
          // check fails, so a third writer waits for the second.
          .name = "update_whose_recheck_fails_keeps_the_row_locked",
          .covers = "row locks: an UPDATE that waited, then found the new version no longer matches, updates 0 "
                    "rows but holds the row lock until its transaction ends",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {update("s1_update", "accounts", {{"name", "S1"}}, {{"id", 1}}), commit("s1_commit")}},
                       {"s2",
                        {update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}, {"name", "Acme"}}),
                         commit("s2_commit")}},
                       {"s3",
                        {update("s3_update", "accounts", {{"name", "S3"}}, {{"id", 1}, {"name", "S1"}}),
                         commit("s3_commit"), select("s3_select", "accounts", {{"id", 1}})}}},
          .order = {"s1_update", "s2_update", "s1_commit", "s3_update", "s2_commit", "s3_commit", "s3_select"},
          .expected = {
              "s1_update: 1 row",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s2_update: <... completed> 0 rows",
              "s3_update: <waiting ...>",
              "s2_commit: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
              "s3_select: [1, 'acme', 'S3']",
          },
      },
  };
}

}  // namespace interleave::conformance
