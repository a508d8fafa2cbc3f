// An error aborts the transaction: later statements fail with 25P02 until
// rollback, commit rolls back, and the aborted transaction's locks are
// released at the error, before the client sends ROLLBACK.

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

std::vector<Permutation> aborted_transaction_permutations() {
  return {
      {
          .name = "error_aborts_the_transaction_until_rollback",
          .covers = "aborted transaction: every later statement is 25P02 (and uses no sequence value) until "
                    "rollback",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1",
                {insert("s1_insert_initech", "accounts", {{"handle", "initech"}}),
                 insert("s1_insert_acme", "accounts", {{"handle", "acme"}}), select("s1_select", "accounts"),
                 insert("s1_insert_hooli", "accounts", {{"handle", "hooli"}}), rollback("s1_rollback"),
                 insert("s1_insert_hooli_again", "accounts", {{"handle", "hooli"}}), commit("s1_commit"),
                 select("s1_select_committed", "accounts")}}},
          .order = {"s1_insert_initech", "s1_insert_acme", "s1_select", "s1_insert_hooli", "s1_rollback",
                    "s1_insert_hooli_again", "s1_commit", "s1_select_committed"},
          .expected = {
              "s1_insert_initech: id 3",
              "s1_insert_acme: " + kDuplicateHandle,
              "s1_select: " + kTransactionAborted,
              "s1_insert_hooli: " + kTransactionAborted,
              "s1_rollback: ok",
              "s1_insert_hooli_again: id 5",
              "s1_commit: ok",
              "s1_select_committed: [1, 'acme', 'Acme'] [2, 'globex', 'Globex'] [5, 'hooli', NULL]",
          },
      },
      {
          .name = "commit_of_aborted_transaction_rolls_back",
          .covers =
              "aborted transaction: COMMIT is answered with ROLLBACK, no error; nothing of it is visible",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {insert("s1_insert", "accounts", {{"handle", "acme"}}),
                         insert("s1_insert_again", "accounts", {{"handle", "acme"}}), commit("s1_commit"),
                         select("s1_select", "accounts")}},
                       {"s2", {select("s2_select", "accounts")}}},
          .order = {"s1_insert", "s1_insert_again", "s1_commit", "s2_select", "s1_select"},
          .expected = {
              "s1_insert: id 1",
              "s1_insert_again: " + kDuplicateHandle,
              "s1_commit: ok",
              "s2_select: no rows",
              "s1_select: no rows",
          },
      },
      {
          .name = "error_releases_uncommitted_key_before_rollback",
          .covers = "aborted transaction: an insert waiting on the aborted transaction's key proceeds at the "
                    "error, before ROLLBACK",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {insert("s1_insert", "accounts", {{"handle", "acme"}}),
                         insert("s1_insert_again", "accounts", {{"handle", "acme"}}),
                         rollback("s1_rollback")}},
                       {"s2",
                        {insert("s2_insert", "accounts", {{"handle", "acme"}}), commit("s2_commit"),
                         select("s2_select", "accounts")}}},
          .order = {"s1_insert", "s2_insert", "s1_insert_again", "s1_rollback", "s2_commit", "s2_select"},
          .expected = {
              "s1_insert: id 1",
              "s2_insert: <waiting ...>",
              "s1_insert_again: " + kDuplicateHandle,
              "s2_insert: <... completed> id 2",
              "s1_rollback: ok",
              "s2_commit: ok",
              "s2_select: [2, 'acme', NULL]",
          },
      },
      {
          .name = "error_releases_row_lock_before_rollback",
          .covers =
              "aborted transaction: an update waiting on the aborted transaction's row lock proceeds at "
              "the error (here 42P01), before ROLLBACK",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1",
                {select("s1_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate),
                 select("s1_select_missing_table", "nope"), rollback("s1_rollback")}},
               {"s2", {update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}}), commit("s2_commit")}}},
          .order = {"s1_lock", "s2_update", "s1_select_missing_table", "s1_rollback", "s2_commit"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s2_update: <waiting ...>",
              "s1_select_missing_table: error 42P01: relation \"nope\" does not exist",
              "s2_update: <... completed> 1 row",
              "s1_rollback: ok",
              "s2_commit: ok",
          },
      },
      {
          .name = "unknown_column_is_42703_and_aborts_the_transaction",
          .covers =
              "aborted transaction: a column the table lacks is 42703 (PostgreSQL names the relation for "
              "a target column, not for a WHERE column) and aborts the transaction",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {insert("s1_insert", "accounts", {{"nope", "x"}}), rollback("s1_rollback"),
                         select("s1_select", "accounts", {{"nope", "x"}}), rollback("s1_rollback_select"),
                         update("s1_update", "accounts", {{"nope", "x"}}, {{"id", 1}}),
                         rollback("s1_rollback_update"),
                         update("s1_update_where", "accounts", {{"name", "x"}}, {{"nope", "x"}}),
                         select("s1_select_aborted", "accounts"), rollback("s1_rollback_where")}}},
          .order = {"s1_insert", "s1_rollback", "s1_select", "s1_rollback_select", "s1_update",
                    "s1_rollback_update", "s1_update_where", "s1_select_aborted", "s1_rollback_where"},
          .expected = {
              "s1_insert: error 42703: column \"nope\" of relation \"accounts\" does not exist",
              "s1_rollback: ok",
              "s1_select: error 42703: column \"nope\" does not exist",
              "s1_rollback_select: ok",
              "s1_update: error 42703: column \"nope\" of relation \"accounts\" does not exist",
              "s1_rollback_update: ok",
              "s1_update_where: error 42703: column \"nope\" does not exist",
              "s1_select_aborted: " + kTransactionAborted,
              "s1_rollback_where: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
