// Unique constraints: a key held by an uncommitted row makes the insert (or
// update) wait for that transaction, then fail with 23505 if it commits or
// proceed if it rolls back; a committed or own duplicate fails at once; NULLs
// never collide.

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

// s1 inserts acme and ends one way or the other; s2 inserts acme meanwhile.
std::vector<SessionSpec> duplicate_insert_race() {
  return {{"s1",
           {insert("s1_insert", "accounts", {{"handle", "acme"}}), commit("s1_commit"),
            rollback("s1_rollback"), select("s1_select", "accounts")}},
          {"s2",
           {insert("s2_insert", "accounts", {{"handle", "acme"}}), commit("s2_commit"),
            rollback("s2_rollback")}}};
}

}  // namespace

std::vector<Permutation> unique_permutations() {
  return {
      {
          .name = "unique_insert_waits_for_uncommitted_duplicate_then_fails_when_it_commits",
          .covers = "unique: an uncommitted duplicate makes the insert wait, then 23505 once it commits",
          .tables = {&kAccounts},
          .sessions = duplicate_insert_race(),
          .order = {"s1_insert", "s2_insert", "s1_commit", "s2_rollback"},
          .expected = {
              "s1_insert: id 1",
              "s2_insert: <waiting ...>",
              "s1_commit: ok",
              "s2_insert: <... completed> " + kDuplicateHandle,
              "s2_rollback: ok",
          },
      },
      {
          .name = "unique_insert_waits_for_uncommitted_duplicate_then_proceeds_when_it_rolls_back",
          .covers = "unique: the waiting insert proceeds once the duplicate's transaction rolls back; the "
                    "rolled-back row's id stays used",
          .tables = {&kAccounts},
          .sessions = duplicate_insert_race(),
          .order = {"s1_insert", "s2_insert", "s1_rollback", "s2_commit", "s1_select"},
          .expected = {
              "s1_insert: id 1",
              "s2_insert: <waiting ...>",
              "s1_rollback: ok",
              "s2_insert: <... completed> id 2",
              "s2_commit: ok",
              "s1_select: [2, 'acme', NULL]",
          },
      },
      {
          .name = "unique_insert_fails_at_once_on_committed_duplicate",
          .covers = "unique: a committed duplicate fails at once; the failed insert used up a sequence value",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {insert("s1_insert_acme", "accounts", {{"handle", "acme"}}), rollback("s1_rollback"),
                         insert("s1_insert_initech", "accounts", {{"handle", "initech"}})}}},
          .order = {"s1_insert_acme", "s1_rollback", "s1_insert_initech"},
          .expected = {
              "s1_insert_acme: " + kDuplicateHandle,
              "s1_rollback: ok",
              "s1_insert_initech: id 4",
          },
      },
      {
          .name = "unique_duplicate_within_own_transaction_fails_at_once",
          .covers = "unique: a duplicate of the transaction's own uncommitted row fails at once, no wait",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {insert("s1_insert", "accounts", {{"handle", "acme"}}),
                         insert("s1_insert_again", "accounts", {{"handle", "acme"}}),
                         rollback("s1_rollback")}}},
          .order = {"s1_insert", "s1_insert_again", "s1_rollback"},
          .expected = {
              "s1_insert: id 1",
              "s1_insert_again: " + kDuplicateHandle,
              "s1_rollback: ok",
          },
      },
      {
          .name = "unique_update_to_committed_key_fails_at_once",
          .covers = "unique: an UPDATE that sets a committed row's key fails at once",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {update("s1_update", "accounts", {{"handle", "acme"}}, {{"id", 2}}),
                         rollback("s1_rollback")}}},
          .order = {"s1_update", "s1_rollback"},
          .expected = {
              "s1_update: " + kDuplicateHandle,
              "s1_rollback: ok",
          },
      },
      {
          .name = "unique_update_to_uncommitted_key_waits_then_fails",
          .covers = "unique: an UPDATE to a key another transaction wrote waits for it, then 23505",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {update("s1_update", "accounts", {{"handle", "initech"}}, {{"id", 1}}),
                         commit("s1_commit")}},
                       {"s2",
                        {update("s2_update", "accounts", {{"handle", "initech"}}, {{"id", 2}}),
                         rollback("s2_rollback")}}},
          .order = {"s1_update", "s2_update", "s1_commit", "s2_rollback"},
          .expected = {
              "s1_update: 1 row",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s2_update: <... completed> " + kDuplicateHandle,
              "s2_rollback: ok",
          },
      },
      {
          .name = "unique_key_freed_by_uncommitted_update_is_taken_once_it_commits",
          .covers = "unique: the old version of a row being updated still holds its key: the insert waits "
                    "and proceeds once the update commits",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {update("s1_update", "accounts", {{"handle", "zeta"}}, {{"id", 1}}),
                         commit("s1_commit")}},
                       {"s2",
                        {insert("s2_insert", "accounts", {{"handle", "acme"}}), commit("s2_commit"),
                         select("s2_select", "accounts", {{"handle", "acme"}})}}},
          .order = {"s1_update", "s2_insert", "s1_commit", "s2_commit", "s2_select"},
          .expected = {
              "s1_update: 1 row",
              "s2_insert: <waiting ...>",
              "s1_commit: ok",
              "s2_insert: <... completed> id 3",
              "s2_commit: ok",
              "s2_select: [3, 'acme', NULL]",
          },
      },
      {
          .name = "unique_key_of_uncommitted_delete_stays_taken_when_it_rolls_back",
          .covers = "unique: a row being deleted still holds its key: the insert waits, then 23505 when the "
                    "delete rolls back",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {remove("s1_delete", "accounts", {{"handle", "acme"}}), rollback("s1_rollback")}},
                       {"s2",
                        {insert("s2_insert", "accounts", {{"handle", "acme"}}), rollback("s2_rollback")}}},
          .order = {"s1_delete", "s2_insert", "s1_rollback", "s2_rollback"},
          .expected = {
              "s1_delete: 1 row",
              "s2_insert: <waiting ...>",
              "s1_rollback: ok",
              "s2_insert: <... completed> " + kDuplicateHandle,
              "s2_rollback: ok",
          },
      },
      {
          .name = "unique_nulls_never_collide",
          .covers = "unique: NULL keys never collide and never wait; `= NULL` matches no row",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {insert("s1_insert", "accounts", {{"handle", kNull}}), commit("s1_commit"),
                         select("s1_select_null", "accounts", {{"handle", kNull}}),
                         select("s1_select_all", "accounts")}},
                       {"s2",
                        {insert("s2_insert", "accounts", {{"handle", kNull}}),
                         insert("s2_insert_again", "accounts", {{"handle", kNull}}), commit("s2_commit")}}},
          .order = {"s1_insert", "s2_insert", "s2_insert_again", "s1_commit", "s2_commit", "s1_select_null",
                    "s1_select_all"},
          .expected = {
              "s1_insert: id 1",
              "s2_insert: id 2",
              "s2_insert_again: id 3",
              "s1_commit: ok",
              "s2_commit: ok",
              "s1_select_null: no rows",
              "s1_select_all: [1, NULL, NULL] [2, NULL, NULL] [3, NULL, NULL]",
          },
      },
  };
}

}  // namespace interleave::conformance
