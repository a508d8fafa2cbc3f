// lock_timeout: a statement that waits longer than the session's
// lock_timeout is cancelled with 55P03 (which aborts its transaction),
// whatever it waits for. 200 ms: long enough for the PostgreSQL runner to
// see the wait first.

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

std::vector<Permutation> lock_timeout_permutations() {
  return {
      {
          .name = "lock_timeout_cancels_a_row_lock_wait",
          .covers = "lock_timeout: an UPDATE waiting on a row lock is cancelled with 55P03 and its "
                    "transaction aborted",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1", {select("s1_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate), commit("s1_commit")}},
               {"s2",
                {set_lock_timeout("s2_lock_timeout", 200),
                 update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}}),
                 select("s2_select", "accounts"), rollback("s2_rollback")}}},
          .order = {"s1_lock", "s2_lock_timeout", "s2_update", "s2_select", "s2_rollback", "s1_commit"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s2_lock_timeout: ok",
              "s2_update: <waiting ...>",
              "s2_update: <... completed> " + kLockTimeout,
              "s2_select: " + kTransactionAborted,
              "s2_rollback: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "lock_timeout_cancels_an_advisory_lock_wait",
          .covers = "lock_timeout: pg_advisory_xact_lock waiting on another session is cancelled with 55P03",
          .sessions = {{"s1", {advisory_xact_lock("s1_lock", 7), commit("s1_commit")}},
                       {"s2",
                        {set_lock_timeout("s2_lock_timeout", 200), advisory_xact_lock("s2_lock", 7),
                         rollback("s2_rollback")}}},
          .order = {"s1_lock", "s2_lock_timeout", "s2_lock", "s2_rollback", "s1_commit"},
          .expected = {
              "s1_lock: ok",
              "s2_lock_timeout: ok",
              "s2_lock: <waiting ...>",
              "s2_lock: <... completed> " + kLockTimeout,
              "s2_rollback: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "lock_timeout_cancels_a_unique_key_wait",
          .covers = "lock_timeout: an insert waiting on an uncommitted duplicate key is cancelled with 55P03",
          .tables = {&kAccounts},
          .sessions = {{"s1", {insert("s1_insert", "accounts", {{"handle", "acme"}}), commit("s1_commit")}},
                       {"s2",
                        {set_lock_timeout("s2_lock_timeout", 200),
                         insert("s2_insert", "accounts", {{"handle", "acme"}}), rollback("s2_rollback")}}},
          .order = {"s1_insert", "s2_lock_timeout", "s2_insert", "s2_rollback", "s1_commit"},
          .expected = {
              "s1_insert: id 1",
              "s2_lock_timeout: ok",
              "s2_insert: <waiting ...>",
              "s2_insert: <... completed> " + kLockTimeout,
              "s2_rollback: ok",
              "s1_commit: ok",
          },
      },
      {
          .name = "lock_timeout_is_rolled_back_with_its_transaction",
          .covers = "lock_timeout: SET lock_timeout is transactional: after a rollback the session waits "
                    "without limit (here until s1 times out at 400 ms and its abort frees the row)",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {select("s1_lock", "accounts", {{"id", 1}}, RowLock::kForUpdate),
                         set_lock_timeout("s1_lock_timeout", 400), advisory_xact_lock("s1_advisory", 9),
                         rollback("s1_rollback")}},
                       {"s2",
                        {set_lock_timeout("s2_lock_timeout", 200), rollback("s2_rollback"),
                         update("s2_update", "accounts", {{"name", "S2"}}, {{"id", 1}}),
                         commit("s2_commit")}},
                       {"s3", {advisory_xact_lock("s3_advisory", 9), commit("s3_commit")}}},
          .order = {"s3_advisory", "s1_lock", "s2_lock_timeout", "s2_rollback", "s2_update",
                    "s1_lock_timeout", "s1_advisory", "s1_rollback", "s2_commit", "s3_commit"},
          .expected = {
              "s3_advisory: ok",
              "s1_lock: [1, 'acme', 'Acme']",
              "s2_lock_timeout: ok",
              "s2_rollback: ok",
              "s2_update: <waiting ...>",
              "s1_lock_timeout: ok",
              "s1_advisory: <waiting ...>",
              "s1_advisory: <... completed> " + kLockTimeout,
              "s2_update: <... completed> 1 row",
              "s1_rollback: ok",
              "s2_commit: ok",
              "s3_commit: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
