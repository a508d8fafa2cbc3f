// Advisory locks: transaction-level ones are held until the transaction
// ends; session-level ones survive commit and rollback until unlocked, and
// count their acquisitions.

#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

std::vector<Permutation> advisory_lock_permutations() {
  return {
      {
          .name = "advisory_xact_lock_waits_until_the_holder_commits",
          .covers = "advisory locks: pg_advisory_xact_lock blocks a second session until the holder's "
                    "transaction ends",
          .sessions = {{"s1", {advisory_xact_lock("s1_lock", 7), commit("s1_commit")}},
                       {"s2", {advisory_xact_lock("s2_lock", 7), commit("s2_commit")}}},
          .order = {"s1_lock", "s2_lock", "s1_commit", "s2_commit"},
          .expected = {
              "s1_lock: ok",
              "s2_lock: <waiting ...>",
              "s1_commit: ok",
              "s2_lock: <... completed> ok",
              "s2_commit: ok",
          },
      },
      {
          .name = "advisory_try_lock_fails_while_held_and_succeeds_after_rollback",
          .covers = "advisory locks: pg_try_advisory_xact_lock is false at once while another session holds "
                    "the key, true once its transaction rolled back",
          .sessions = {{"s1", {advisory_xact_lock("s1_lock", 7), rollback("s1_rollback")}},
                       {"s2",
                        {try_advisory_xact_lock("s2_try", 7), try_advisory_xact_lock("s2_try_again", 7),
                         commit("s2_commit")}}},
          .order = {"s1_lock", "s2_try", "s1_rollback", "s2_try_again", "s2_commit"},
          .expected = {
              "s1_lock: ok",
              "s2_try: false",
              "s1_rollback: ok",
              "s2_try_again: true",
              "s2_commit: ok",
          },
      },
      {
          .name = "advisory_session_lock_survives_commit_until_unlocked",
          .covers = "advisory locks: pg_advisory_lock survives COMMIT and blocks others until "
                    "pg_advisory_unlock, which releases it at once",
          .sessions = {{"s1",
                        {advisory_lock("s1_lock", 7), commit("s1_commit"), advisory_unlock("s1_unlock", 7),
                         commit("s1_commit_unlock")}},
                       {"s2", {advisory_xact_lock("s2_lock", 7), commit("s2_commit")}}},
          .order = {"s1_lock", "s1_commit", "s2_lock", "s1_unlock", "s2_commit", "s1_commit_unlock"},
          .expected = {
              "s1_lock: ok",
              "s1_commit: ok",
              "s2_lock: <waiting ...>",
              "s1_unlock: true",
              "s2_lock: <... completed> ok",
              "s2_commit: ok",
              "s1_commit_unlock: ok",
          },
      },
      {
          .name = "advisory_session_lock_survives_rollback",
          .covers =
              "advisory locks: a session-level lock taken in a transaction that rolls back is still held",
          .sessions = {{"s1",
                        {advisory_lock("s1_lock", 7), rollback("s1_rollback"),
                         advisory_unlock("s1_unlock", 7), commit("s1_commit")}},
                       {"s2",
                        {try_advisory_xact_lock("s2_try", 7), try_advisory_xact_lock("s2_try_again", 7),
                         commit("s2_commit")}}},
          .order = {"s1_lock", "s1_rollback", "s2_try", "s1_unlock", "s1_commit", "s2_try_again",
                    "s2_commit"},
          .expected = {
              "s1_lock: ok",
              "s1_rollback: ok",
              "s2_try: false",
              "s1_unlock: true",
              "s1_commit: ok",
              "s2_try_again: true",
              "s2_commit: ok",
          },
      },
      {
          .name = "advisory_session_lock_counts_acquisitions",
          .covers = "advisory locks: a session-level lock taken twice needs two unlocks; a third is false",
          .sessions = {{"s1",
                        {advisory_lock("s1_lock", 7), advisory_lock("s1_lock_again", 7),
                         advisory_unlock("s1_unlock", 7), advisory_unlock("s1_unlock_again", 7),
                         advisory_unlock("s1_unlock_once_more", 7), commit("s1_commit")}},
                       {"s2",
                        {try_advisory_xact_lock("s2_try", 7), try_advisory_xact_lock("s2_try_again", 7),
                         commit("s2_commit")}}},
          .order = {"s1_lock", "s1_lock_again", "s1_unlock", "s2_try", "s1_unlock_again", "s2_try_again",
                    "s1_unlock_once_more", "s1_commit", "s2_commit"},
          .expected = {
              "s1_lock: ok",
              "s1_lock_again: ok",
              "s1_unlock: true",
              "s2_try: false",
              "s1_unlock_again: true",
              "s2_try_again: true",
              "s1_unlock_once_more: false",
              "s1_commit: ok",
              "s2_commit: ok",
          },
      },
      {
          .name = "advisory_unlock_of_a_lock_not_held_returns_false",
          .covers = "advisory locks: pg_advisory_unlock of a key not held is false (with a WARNING), and it "
                    "does not release a transaction-level lock",
          .sessions = {{"s1",
                        {advisory_unlock("s1_unlock_unheld", 7), advisory_xact_lock("s1_xact_lock", 7),
                         advisory_unlock("s1_unlock_xact", 7), commit("s1_commit")}},
                       {"s2",
                        {try_advisory_xact_lock("s2_try", 7), try_advisory_xact_lock("s2_try_again", 7),
                         commit("s2_commit")}}},
          .order = {"s1_unlock_unheld", "s1_xact_lock", "s1_unlock_xact", "s2_try", "s1_commit",
                    "s2_try_again", "s2_commit"},
          .expected = {
              "s1_unlock_unheld: false",
              "s1_xact_lock: ok",
              "s1_unlock_xact: false",
              "s2_try: false",
              "s1_commit: ok",
              "s2_try_again: true",
              "s2_commit: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
