// Deadlocks. A waiting session checks for a cycle once, deadlock_timeout
// (1 s) after it began to wait; the first check that finds the cycle aborts
// its own session with 40P01 and the others go on. So the victim is the
// session whose check runs first after the cycle formed: when two sessions
// begin to wait a few ms apart, which check runs first is up to the server's
// timing (PostgreSQL's own isolation tests give the other sessions a longer
// deadlock_timeout). Here a third session's lock_timeout spaces the waits:
// it waits on a lock with lock_timeout set, and its next step is issued only
// once that wait timed out.

#include <cstdint>

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

// s1 and s2 take advisory locks 1 and 2 in opposite order; s3 waits on lock 2
// for `gap_ms` in between, so that s2 closes the cycle that much later.
std::vector<SessionSpec> advisory_lock_cycle(std::int64_t gap_ms) {
  return {{"s1",
           {advisory_xact_lock("s1_lock_1", 1), advisory_xact_lock("s1_lock_2", 2), rollback("s1_rollback")}},
          {"s2",
           {advisory_xact_lock("s2_lock_2", 2), advisory_xact_lock("s2_lock_1", 1), rollback("s2_rollback")}},
          {"s3",
           {set_lock_timeout("s3_lock_timeout", gap_ms), advisory_xact_lock("s3_lock_2", 2),
            rollback("s3_rollback")}}};
}

}  // namespace

std::vector<Permutation> deadlock_permutations() {
  return {
      {
          .name = "deadlock_on_two_rows_aborts_the_first_waiter",
          .covers =
              "deadlock: two sessions updating two rows in opposite order, the second closing the cycle "
              "500 ms later; the first to wait gets 40P01, the other proceeds",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions =
              {{"s1",
                {update("s1_update_1", "accounts", {{"name", "S1"}}, {{"id", 1}}),
                 update("s1_update_2", "accounts", {{"name", "S1"}}, {{"id", 2}}), commit("s1_commit")}},
               {"s2",
                {update("s2_update_2", "accounts", {{"name", "S2"}}, {{"id", 2}}),
                 update("s2_update_1", "accounts", {{"name", "S2"}}, {{"id", 1}}), commit("s2_commit"),
                 select("s2_select", "accounts")}},
               {"s3",
                {set_lock_timeout("s3_lock_timeout", 500),
                 update("s3_update_2", "accounts", {{"name", "S3"}}, {{"id", 2}}), rollback("s3_rollback")}}},
          .order = {"s1_update_1", "s2_update_2", "s1_update_2", "s3_lock_timeout", "s3_update_2",
                    "s3_rollback", "s2_update_1", "s1_commit", "s2_commit", "s2_select"},
          .expected = {
              "s1_update_1: 1 row",
              "s2_update_2: 1 row",
              "s1_update_2: <waiting ...>",
              "s3_lock_timeout: ok",
              "s3_update_2: <waiting ...>",
              "s3_update_2: <... completed> " + kLockTimeout,
              "s3_rollback: ok",
              "s2_update_1: <waiting ...>",
              "s1_update_2: <... completed> " + kDeadlockDetected,
              "s2_update_1: <... completed> 1 row",
              "s1_commit: ok",
              "s2_commit: ok",
              "s2_select: [1, 'acme', 'S2'] [2, 'globex', 'S2']",
          },
      },
      {
          .name = "deadlock_on_advisory_locks_aborts_the_first_waiter",
          .covers =
              "deadlock: two sessions taking two advisory locks in opposite order, the second closing the "
              "cycle 500 ms later; the first to wait gets 40P01",
          .sessions = advisory_lock_cycle(500),
          .order = {"s1_lock_1", "s2_lock_2", "s1_lock_2", "s3_lock_timeout", "s3_lock_2", "s3_rollback",
                    "s2_lock_1", "s1_rollback", "s2_rollback"},
          .expected = {
              "s1_lock_1: ok",
              "s2_lock_2: ok",
              "s1_lock_2: <waiting ...>",
              "s3_lock_timeout: ok",
              "s3_lock_2: <waiting ...>",
              "s3_lock_2: <... completed> " + kLockTimeout,
              "s3_rollback: ok",
              "s2_lock_1: <waiting ...>",
              "s1_lock_2: <... completed> " + kDeadlockDetected,
              "s2_lock_1: <... completed> ok",
              "s1_rollback: ok",
              "s2_rollback: ok",
          },
      },
      {
          .name = "deadlock_check_before_the_cycle_formed_is_not_repeated",
          .covers = "deadlock: a session checks once, 1 s into its wait; when the cycle forms only later (at "
                    "1.5 s), the session that closed it is the one whose check finds it and gets 40P01",
          .sessions = advisory_lock_cycle(1500),
          .order = {"s1_lock_1", "s2_lock_2", "s1_lock_2", "s3_lock_timeout", "s3_lock_2", "s3_rollback",
                    "s2_lock_1", "s2_rollback", "s1_rollback"},
          .expected = {
              "s1_lock_1: ok",
              "s2_lock_2: ok",
              "s1_lock_2: <waiting ...>",
              "s3_lock_timeout: ok",
              "s3_lock_2: <waiting ...>",
              "s3_lock_2: <... completed> " + kLockTimeout,
              "s3_rollback: ok",
              "s2_lock_1: <waiting ...>",
              "s1_lock_2: <... completed> ok",
              "s2_lock_1: <... completed> " + kDeadlockDetected,
              "s2_rollback: ok",
              "s1_rollback: ok",
          },
      },
      {
          .name = "deadlock_of_three_sessions_aborts_the_first_waiter",
          .covers =
              "deadlock: a cycle through three sessions whose waits begin 400 ms apart; the first to wait "
              "gets 40P01, the session waiting on it proceeds, the third then waits for that one",
          .tables = {&kAccounts},
          .setup = {insert("setup_acme", "accounts", {{"handle", "acme"}}),
                    insert("setup_globex", "accounts", {{"handle", "globex"}}),
                    insert("setup_initech", "accounts", {{"handle", "initech"}})},
          .sessions =
              {{"s1",
                {update("s1_update_1", "accounts", {{"name", "S1"}}, {{"id", 1}}),
                 update("s1_update_2", "accounts", {{"name", "S1"}}, {{"id", 2}}), rollback("s1_rollback")}},
               {"s2",
                {update("s2_update_2", "accounts", {{"name", "S2"}}, {{"id", 2}}),
                 update("s2_update_3", "accounts", {{"name", "S2"}}, {{"id", 3}}), commit("s2_commit")}},
               {"s3",
                {update("s3_update_3", "accounts", {{"name", "S3"}}, {{"id", 3}}),
                 update("s3_update_1", "accounts", {{"name", "S3"}}, {{"id", 1}}), commit("s3_commit"),
                 select("s3_select", "accounts")}},
               {"s4",
                {set_lock_timeout("s4_lock_timeout", 400), commit("s4_commit"),
                 update("s4_update_1", "accounts", {{"name", "S4"}}, {{"id", 1}}), rollback("s4_rollback"),
                 update("s4_update_1_again", "accounts", {{"name", "S4"}}, {{"id", 1}}),
                 rollback("s4_rollback_again")}}},
          .order = {"s1_update_1", "s2_update_2", "s3_update_3", "s1_update_2", "s4_lock_timeout",
                    "s4_commit", "s4_update_1", "s4_rollback", "s2_update_3", "s4_update_1_again",
                    "s4_rollback_again", "s3_update_1", "s1_rollback", "s3_commit", "s2_commit", "s3_select"},
          .expected = {
              "s1_update_1: 1 row",
              "s2_update_2: 1 row",
              "s3_update_3: 1 row",
              "s1_update_2: <waiting ...>",
              "s4_lock_timeout: ok",
              "s4_commit: ok",
              "s4_update_1: <waiting ...>",
              "s4_update_1: <... completed> " + kLockTimeout,
              "s4_rollback: ok",
              "s2_update_3: <waiting ...>",
              "s4_update_1_again: <waiting ...>",
              "s4_update_1_again: <... completed> " + kLockTimeout,
              "s4_rollback_again: ok",
              "s3_update_1: <waiting ...>",
              "s1_update_2: <... completed> " + kDeadlockDetected,
              "s3_update_1: <... completed> 1 row",
              "s1_rollback: ok",
              "s3_commit: ok",
              "s2_update_3: <... completed> 1 row",
              "s2_commit: ok",
              "s3_select: [1, 'acme', 'S3'] [2, 'globex', 'S2'] [3, 'initech', 'S2']",
          },
      },
  };
}

}  // namespace interleave::conformance
