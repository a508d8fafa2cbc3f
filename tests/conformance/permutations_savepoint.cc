// Savepoints: ROLLBACK TO SAVEPOINT undoes what followed the savepoint (rows,
// locks, the aborted state) and keeps what preceded it; RELEASE keeps the
// work and forgets the name.

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

const std::string kNoSavepointSp = "error 3B001: savepoint \"sp\" does not exist";

}  // namespace

std::vector<Permutation> savepoint_permutations() {
  return {
      {
          .name = "savepoint_rollback_recovers_the_transaction_after_an_error",
          .covers = "savepoints: rolling back to a savepoint ends the aborted state and keeps earlier work",
          .tables = {&kAccounts},
          .sessions =
              {{"s1",
                {insert("s1_insert_acme", "accounts", {{"handle", "acme"}}), savepoint("s1_savepoint", "sp"),
                 insert("s1_insert_acme_again", "accounts", {{"handle", "acme"}}),
                 select("s1_select_aborted", "accounts"), rollback_to_savepoint("s1_rollback_to", "sp"),
                 insert("s1_insert_globex", "accounts", {{"handle", "globex"}}), commit("s1_commit")}},
               {"s2", {select("s2_select", "accounts")}}},
          .order = {"s1_insert_acme", "s1_savepoint", "s1_insert_acme_again", "s1_select_aborted",
                    "s1_rollback_to", "s1_insert_globex", "s1_commit", "s2_select"},
          .expected = {
              "s1_insert_acme: id 1",
              "s1_savepoint: ok",
              "s1_insert_acme_again: " + kDuplicateHandle,
              "s1_select_aborted: " + kTransactionAborted,
              "s1_rollback_to: ok",
              "s1_insert_globex: id 3",
              "s1_commit: ok",
              "s2_select: [1, 'acme', NULL] [3, 'globex', NULL]",
          },
      },
      {
          .name = "savepoint_rollback_discards_changes_made_after_it",
          .covers =
              "savepoints: rows inserted and updated after the savepoint are gone after rolling back to it",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {insert("s1_insert_acme", "accounts", {{"handle", "acme"}}),
                         savepoint("s1_savepoint", "sp"),
                         insert("s1_insert_globex", "accounts", {{"handle", "globex"}}),
                         update("s1_update_acme", "accounts", {{"name", "Acme"}}, {{"id", 1}}),
                         rollback_to_savepoint("s1_rollback_to", "sp"), select("s1_select", "accounts"),
                         commit("s1_commit")}},
                       {"s2", {select("s2_select", "accounts")}}},
          .order = {"s1_insert_acme", "s1_savepoint", "s1_insert_globex", "s1_update_acme", "s1_rollback_to",
                    "s1_select", "s1_commit", "s2_select"},
          .expected = {
              "s1_insert_acme: id 1",
              "s1_savepoint: ok",
              "s1_insert_globex: id 2",
              "s1_update_acme: 1 row",
              "s1_rollback_to: ok",
              "s1_select: [1, 'acme', NULL]",
              "s1_commit: ok",
              "s2_select: [1, 'acme', NULL]",
          },
      },
      {
          .name = "savepoint_rollback_releases_an_insert_waiting_on_a_key_inserted_after_it",
          .covers =
              "savepoints: an insert waiting on a key inserted after the savepoint proceeds at ROLLBACK TO "
              "SAVEPOINT, while the transaction goes on",
          .tables = {&kAccounts},
          .sessions =
              {{"s1",
                {insert("s1_insert_globex", "accounts", {{"handle", "globex"}}),
                 savepoint("s1_savepoint", "sp"), insert("s1_insert_acme", "accounts", {{"handle", "acme"}}),
                 rollback_to_savepoint("s1_rollback_to", "sp"), commit("s1_commit"),
                 select("s1_select", "accounts")}},
               {"s2", {insert("s2_insert_acme", "accounts", {{"handle", "acme"}}), commit("s2_commit")}}},
          .order = {"s1_insert_globex", "s1_savepoint", "s1_insert_acme", "s2_insert_acme", "s1_rollback_to",
                    "s2_commit", "s1_commit", "s1_select"},
          .expected = {
              "s1_insert_globex: id 1",
              "s1_savepoint: ok",
              "s1_insert_acme: id 2",
              "s2_insert_acme: <waiting ...>",
              "s1_rollback_to: ok",
              "s2_insert_acme: <... completed> id 3",
              "s2_commit: ok",
              "s1_commit: ok",
              "s1_select: [1, 'globex', NULL] [3, 'acme', NULL]",
          },
      },
      {
          .name = "savepoint_rollback_releases_a_row_lock_taken_after_it",
          .covers = "savepoints: a row lock taken after the savepoint is released by rolling back to it",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1",
                {savepoint("s1_savepoint", "sp"),
                 select("s1_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate),
                 rollback_to_savepoint("s1_rollback_to", "sp"), commit("s1_commit")}},
               {"s2", {update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}}), commit("s2_commit")}}},
          .order = {"s1_savepoint", "s1_lock", "s2_update", "s1_rollback_to", "s2_commit", "s1_commit"},
          .expected = {
              "s1_savepoint: ok",
              "s1_lock: [1, 'acme', 'Acme']",
              "s2_update: <waiting ...>",
              "s1_rollback_to: ok",
              "s2_update: <... completed> 1 row",
              "s2_commit: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "savepoint_release_keeps_the_work",
          .covers = "savepoints: RELEASE SAVEPOINT keeps what followed it; it commits with the transaction",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {savepoint("s1_savepoint", "sp"),
                         insert("s1_insert", "accounts", {{"handle", "acme"}}),
                         release_savepoint("s1_release", "sp"), commit("s1_commit")}},
                       {"s2", {select("s2_select", "accounts")}}},
          .order = {"s1_savepoint", "s1_insert", "s1_release", "s1_commit", "s2_select"},
          .expected = {
              "s1_savepoint: ok",
              "s1_insert: id 1",
              "s1_release: ok",
              "s1_commit: ok",
              "s2_select: [1, 'acme', NULL]",
          },
      },
      {
          .name = "savepoint_released_or_unknown_cannot_be_rolled_back_to",
          .covers =
              "savepoints: ROLLBACK TO a released or unknown savepoint is 3B001 and aborts the transaction",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {savepoint("s1_savepoint", "sp"),
                         insert("s1_insert", "accounts", {{"handle", "acme"}}),
                         release_savepoint("s1_release", "sp"), rollback_to_savepoint("s1_rollback_to", "sp"),
                         select("s1_select", "accounts"), commit("s1_commit"),
                         release_savepoint("s1_release_unknown", "sp"), rollback("s1_rollback")}},
                       {"s2", {select("s2_select", "accounts")}}},
          .order = {"s1_savepoint", "s1_insert", "s1_release", "s1_rollback_to", "s1_select", "s1_commit",
                    "s2_select", "s1_release_unknown", "s1_rollback"},
          .expected = {
              "s1_savepoint: ok",
              "s1_insert: id 1",
              "s1_release: ok",
              "s1_rollback_to: " + kNoSavepointSp,
              "s1_select: " + kTransactionAborted,
              "s1_commit: ok",
              "s2_select: no rows",
              "s1_release_unknown: " + kNoSavepointSp,
              "s1_rollback: ok",
          },
      },
      {
          .name = "savepoint_rollback_to_an_outer_one_destroys_inner_ones",
          .covers = "savepoints: rolling back to a savepoint destroys the savepoints made after it",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {savepoint("s1_savepoint_outer", "outer"),
                         insert("s1_insert_acme", "accounts", {{"handle", "acme"}}),
                         savepoint("s1_savepoint_sp", "sp"),
                         insert("s1_insert_globex", "accounts", {{"handle", "globex"}}),
                         rollback_to_savepoint("s1_rollback_to_outer", "outer"),
                         rollback_to_savepoint("s1_rollback_to_sp", "sp"), rollback("s1_rollback")}}},
          .order = {"s1_savepoint_outer", "s1_insert_acme", "s1_savepoint_sp", "s1_insert_globex",
                    "s1_rollback_to_outer", "s1_rollback_to_sp", "s1_rollback"},
          .expected = {
              "s1_savepoint_outer: ok",
              "s1_insert_acme: id 1",
              "s1_savepoint_sp: ok",
              "s1_insert_globex: id 2",
              "s1_rollback_to_outer: ok",
              "s1_rollback_to_sp: " + kNoSavepointSp,
              "s1_rollback: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
