// add() queues inserts without sending them; flush() sends them in order and
// returns their ids; flushed rows are visible to their own transaction only
// until it commits, and a rollback discards them (their ids stay used).

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

std::vector<Permutation> flush_permutations() {
  return {
      {
          .name = "flush_assigns_ids_and_rows_stay_private_until_commit",
          .covers = "flush: ids in add() order; flushed rows visible to their own transaction until commit",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {add("s1_add_acme", "accounts", {{"handle", "acme"}, {"name", "Acme"}}),
                         add("s1_add_globex", "accounts", {{"handle", "globex"}, {"name", "Globex"}}),
                         flush("s1_flush"), select("s1_select", "accounts"), commit("s1_commit")}},
                       {"s2",
                        {select("s2_select_unsent", "accounts"), select("s2_select_flushed", "accounts"),
                         select("s2_select_committed", "accounts")}}},
          .order = {"s1_add_acme", "s1_add_globex", "s2_select_unsent", "s1_flush", "s1_select",
                    "s2_select_flushed", "s1_commit", "s2_select_committed"},
          .expected = {
              "s1_add_acme: ok",
              "s1_add_globex: ok",
              "s2_select_unsent: no rows",
              "s1_flush: ids 1, 2",
              "s1_select: [1, 'acme', 'Acme'] [2, 'globex', 'Globex']",
              "s2_select_flushed: no rows",
              "s1_commit: ok",
              "s2_select_committed: [1, 'acme', 'Acme'] [2, 'globex', 'Globex']",
          },
      },
      {
          .name = "flush_rollback_discards_sent_and_queued_rows",
          .covers = "flush: rollback discards flushed rows and drops the queue; sequence values stay used",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {add("s1_add_acme", "accounts", {{"handle", "acme"}}), flush("s1_flush"),
                         add("s1_add_globex", "accounts", {{"handle", "globex"}}), rollback("s1_rollback"),
                         flush("s1_flush_after_rollback"), select("s1_select", "accounts"),
                         insert("s1_insert_initech", "accounts", {{"handle", "initech"}}),
                         commit("s1_commit")}}},
          .order = {"s1_add_acme", "s1_flush", "s1_add_globex", "s1_rollback", "s1_flush_after_rollback",
                    "s1_select", "s1_insert_initech", "s1_commit"},
          .expected = {
              "s1_add_acme: ok",
              "s1_flush: ids 1",
              "s1_add_globex: ok",
              "s1_rollback: ok",
              "s1_flush_after_rollback: no ids",
              "s1_select: no rows",
              "s1_insert_initech: id 2",
              "s1_commit: ok",
          },
      },
      {
          .name = "commit_sends_queued_rows_and_fails_on_their_error",
          .covers = "flush: nothing is sent before flush or commit; commit's flush error leaves the "
                    "transaction open and aborted (the COMMIT is never sent)",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {add("s1_add_acme", "accounts", {{"handle", "acme"}}), commit("s1_commit"),
                         select("s1_select", "accounts"), rollback("s1_rollback"),
                         select("s1_select_after_rollback", "accounts")}},
                       {"s2",
                        {insert("s2_insert_acme", "accounts", {{"handle", "acme"}}), commit("s2_commit")}}},
          .order = {"s1_add_acme", "s2_insert_acme", "s2_commit", "s1_commit", "s1_select", "s1_rollback",
                    "s1_select_after_rollback"},
          .expected = {
              "s1_add_acme: ok",
              "s2_insert_acme: id 1",
              "s2_commit: ok",
              "s1_commit: " + kDuplicateHandle,
              "s1_select: " + kTransactionAborted,
              "s1_rollback: ok",
              "s1_select_after_rollback: [1, 'acme', NULL]",
          },
      },
      {
          .name = "flush_error_aborts_the_transaction_and_empties_the_queue",
          .covers =
              "flush: an error mid-queue aborts the transaction (25P02) and the queue is gone; the rows "
              "sent before it are rolled back with it",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {add("s1_add_initech", "accounts", {{"handle", "initech"}}),
                         add("s1_add_acme", "accounts", {{"handle", "acme"}}), flush("s1_flush"),
                         select("s1_select", "accounts"), rollback("s1_rollback"), flush("s1_flush_again"),
                         select("s1_select_after_rollback", "accounts", {{"handle", "initech"}})}}},
          .order = {"s1_add_initech", "s1_add_acme", "s1_flush", "s1_select", "s1_rollback", "s1_flush_again",
                    "s1_select_after_rollback"},
          .expected = {
              "s1_add_initech: ok",
              "s1_add_acme: ok",
              "s1_flush: " + kDuplicateHandle,
              "s1_select: " + kTransactionAborted,
              "s1_rollback: ok",
              "s1_flush_again: no ids",
              "s1_select_after_rollback: no rows",
          },
      },
  };
}

}  // namespace interleave::conformance
