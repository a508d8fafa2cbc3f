// Row-lock queues: three or four sessions on one row. PostgreSQL orders the
// waiters by the row's tuple lock (model/db/row_lock_queue.h): only the
// queue's head waits for the holder's transaction; when it ends, the head
// locks the row (or finds it gone, or re-checks its WHERE on the newest
// version and keeps the lock when that fails) and the tuple lock passes to
// the next in the queue, who then waits for the head. A request that needs
// no wait never looks at the queue. Arrivals are out of session order on
// purpose: the queue is FIFO by arrival, not by session.
//
// Not pinned: a holder that updates (or deletes) the row while two or more
// UPDATEs wait. heap_update gives the tuple lock up before EvalPlanQual
// locks the newest version, so the head and the next waiter then race for
// it on the server; the model lets the head win, which is what an idle
// server almost always does.

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

Step update_name(std::string name, std::string value) {
  return update(std::move(name), "accounts", {{"name", std::move(value)}}, {{"id", 1}});
}
Step lock_row(std::string name, RowLock lock) { return select(std::move(name), "accounts", {{"id", 1}}, lock); }
Step read_accounts(std::string name) { return select(std::move(name), "accounts", {{"id", 1}}); }

}  // namespace

std::vector<Permutation> row_queue_permutations() {
  return {
      {
          .name = "row_queue_three_updates_go_in_arrival_order",
          .covers = "row queue: two UPDATEs wait for a FOR UPDATE holder; the one that came first goes first when "
                    "the holder commits, the other then waits for it",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_lock", RowLock::kForUpdate), commit("s1_commit")}},
                       {"s2", {update_name("s2_update", "S2"), commit("s2_commit"), read_accounts("s2_read")}},
                       {"s3", {update_name("s3_update", "S3"), commit("s3_commit")}}},
          .order = {"s1_lock", "s3_update", "s2_update", "s1_commit", "s3_commit", "s2_commit", "s2_read"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s3_update: <waiting ...>",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
              "s2_update: <... completed> 1 row",
              "s2_commit: ok",
              "s2_read: [1, 'acme', 'S2']",
          },
      },
      {
          .name = "row_queue_four_lockers_go_in_arrival_order",
          .covers = "row queue: three FOR UPDATEs queued behind a fourth are let go one per commit, in arrival "
                    "order",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_lock", RowLock::kForUpdate), commit("s1_commit")}},
                       {"s2", {lock_row("s2_lock", RowLock::kForUpdate), commit("s2_commit")}},
                       {"s3", {lock_row("s3_lock", RowLock::kForUpdate), commit("s3_commit")}},
                       {"s4", {lock_row("s4_lock", RowLock::kForUpdate), commit("s4_commit")}}},
          .order = {"s1_lock", "s4_lock", "s2_lock", "s3_lock", "s1_commit", "s4_commit", "s2_commit", "s3_commit"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s4_lock: <waiting ...>",
              "s2_lock: <waiting ...>",
              "s3_lock: <waiting ...>",
              "s1_commit: ok",
              "s4_lock: <... completed> [1, 'acme', 'Acme']",
              "s4_commit: ok",
              "s2_lock: <... completed> [1, 'acme', 'Acme']",
              "s2_commit: ok",
              "s3_lock: <... completed> [1, 'acme', 'Acme']",
              "s3_commit: ok",
          },
      },
      {
          .name = "row_queue_optimistic_updates_recheck_in_arrival_order",
          .covers = "row queue: two optimistic UPDATEs (WHERE version = 1) wait for a FOR UPDATE holder; when it "
                    "commits, the head updates to version 2 and the other, now waiting for the head, re-checks "
                    "its WHERE on the new version and updates nothing. (A holder that itself updates the row "
                    "makes both waiters follow the update chain at once, a race on the server: not pinned here.)",
          .tables = {&kDocs},
          .setup = one_doc(),
          .sessions = {{"s1",
                        {select("s1_lock", "docs", {{"id", 1}}, RowLock::kForUpdate), commit("s1_commit")}},
                       {"s2",
                        {update("s2_update", "docs", {{"version", 2}}, {{"id", 1}, {"version", 1}}),
                         commit("s2_commit")}},
                       {"s3",
                        {update("s3_update", "docs", {{"version", 2}}, {{"id", 1}, {"version", 1}}),
                         commit("s3_commit")}}},
          .order = {"s1_lock", "s3_update", "s2_update", "s1_commit", "s3_commit", "s2_commit"},
          .expected = {
              "s1_lock: [1, '{\"title\":\"draft\"}', 1]",
              "s3_update: <waiting ...>",
              "s2_update: <waiting ...>",
              "s1_commit: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
              "s2_update: <... completed> 0 rows",
              "s2_commit: ok",
          },
      },
      {
          .name = "row_queue_holder_rollback_lets_the_head_update",
          .covers = "row queue: the holder rolls back; the head (an UPDATE) locks the old version, the DELETE "
                    "behind it waits for the head, then deletes the updated row",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {update_name("s1_update", "S1"), rollback("s1_rollback")}},
                       {"s2", {remove("s2_delete", "accounts", {{"id", 1}}), commit("s2_commit"),
                               read_accounts("s2_read")}},
                       {"s3", {update_name("s3_update", "S3"), commit("s3_commit")}}},
          .order = {"s1_update", "s3_update", "s2_delete", "s1_rollback", "s3_commit", "s2_commit", "s2_read"},
          .expected = {
              "s1_update: 1 row",
              "s3_update: <waiting ...>",
              "s2_delete: <waiting ...>",
              "s1_rollback: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
              "s2_delete: <... completed> 1 row",
              "s2_commit: ok",
              "s2_read: no rows",
          },
      },
      {
          .name = "row_queue_committed_delete_ends_every_wait",
          .covers = "row queue: the holder's DELETE commits; the head finds the row gone and hands the queue on "
                    "at once, so FOR UPDATE and UPDATE both finish empty",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {remove("s1_delete", "accounts", {{"id", 1}}), commit("s1_commit")}},
                       {"s2", {lock_row("s2_lock", RowLock::kForUpdate), commit("s2_commit")}},
                       {"s3", {update_name("s3_update", "S3"), commit("s3_commit")}}},
          .order = {"s1_delete", "s3_update", "s2_lock", "s1_commit", "s2_commit", "s3_commit"},
          .expected = {
              "s1_delete: 1 row",
              "s3_update: <waiting ...>",
              "s2_lock: <waiting ...>",
              "s1_commit: ok",
              "s2_lock: <... completed> no rows",
              "s3_update: <... completed> 0 rows",
              "s2_commit: ok",
              "s3_commit: ok",
          },
      },
      {
          .name = "row_queue_share_lockers_behind_an_update_wait_their_turn",
          .covers = "row queue: FOR SHARE, UPDATE, FOR SHARE wait on a FOR UPDATE holder; the first sharer gets "
                    "its lock, the UPDATE is next, and the second sharer, queued behind it, waits for it",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_lock", RowLock::kForUpdate), commit("s1_commit")}},
                       {"s2", {lock_row("s2_share", RowLock::kForShare), commit("s2_commit")}},
                       {"s3", {lock_row("s3_share", RowLock::kForShare), commit("s3_commit")}},
                       {"s4", {update_name("s4_update", "S4"), commit("s4_commit")}}},
          .order = {"s1_lock", "s2_share", "s4_update", "s3_share", "s1_commit", "s2_commit", "s4_commit",
                    "s3_commit"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s2_share: <waiting ...>",
              "s4_update: <waiting ...>",
              "s3_share: <waiting ...>",
              "s1_commit: ok",
              "s2_share: <... completed> [1, 'acme', 'Acme']",
              "s2_commit: ok",
              "s4_update: <... completed> 1 row",
              "s4_commit: ok",
              "s3_share: <... completed> [1, 'acme', 'S4']",
              "s3_commit: ok",
          },
      },
      {
          .name = "row_queue_compatible_share_lockers_wake_together",
          .covers = "row queue: FOR SHARE and FOR KEY SHARE waiting on a FOR UPDATE holder hold compatible tuple "
                    "locks and both get their row locks when it commits; the UPDATE queued last waits for the "
                    "FOR SHARE only (a key-preserving update does not conflict with FOR KEY SHARE)",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_lock", RowLock::kForUpdate), commit("s1_commit")}},
                       {"s2", {lock_row("s2_share", RowLock::kForShare), commit("s2_commit")}},
                       {"s3", {lock_row("s3_key_share", RowLock::kForKeyShare), commit("s3_commit")}},
                       {"s4", {update_name("s4_update", "S4"), commit("s4_commit")}}},
          .order = {"s1_lock", "s3_key_share", "s2_share", "s4_update", "s1_commit", "s2_commit", "s3_commit",
                    "s4_commit"},
          .expected = {
              "s1_lock: [1, 'acme', 'Acme']",
              "s3_key_share: <waiting ...>",
              "s2_share: <waiting ...>",
              "s4_update: <waiting ...>",
              "s1_commit: ok",
              "s2_share: <... completed> [1, 'acme', 'Acme']",
              "s3_key_share: <... completed> [1, 'acme', 'Acme']",
              "s2_commit: ok",
              "s4_update: <... completed> 1 row",
              "s3_commit: ok",
              "s4_commit: ok",
          },
      },
      {
          .name = "row_queue_is_passed_by_a_lock_that_needs_no_wait",
          .covers = "row queue: with a FOR SHARE holder and an UPDATE queued, another FOR SHARE does not wait "
                    "(it never looks at the queue); the UPDATE then waits for both sharers",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_share", RowLock::kForShare), commit("s1_commit")}},
                       {"s2", {update_name("s2_update", "S2"), commit("s2_commit")}},
                       {"s3", {lock_row("s3_share", RowLock::kForShare), commit("s3_commit")}}},
          .order = {"s1_share", "s2_update", "s3_share", "s1_commit", "s3_commit", "s2_commit"},
          .expected = {
              "s1_share: [1, 'acme', 'Acme']",
              "s2_update: <waiting ...>",
              "s3_share: [1, 'acme', 'Acme']",
              "s1_commit: ok",
              "s3_commit: ok",
              "s2_update: <... completed> 1 row",
              "s2_commit: ok",
          },
      },
      {
          .name = "row_queue_key_share_passes_a_queued_delete",
          .covers = "row queue: FOR KEY SHARE holder, a DELETE queued, another FOR KEY SHARE takes its lock at "
                    "once; the DELETE waits for both and then deletes",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_key_share", RowLock::kForKeyShare), commit("s1_commit")}},
                       {"s2", {remove("s2_delete", "accounts", {{"id", 1}}), commit("s2_commit")}},
                       {"s3", {lock_row("s3_key_share", RowLock::kForKeyShare), commit("s3_commit")}}},
          .order = {"s1_key_share", "s2_delete", "s3_key_share", "s3_commit", "s1_commit", "s2_commit"},
          .expected = {
              "s1_key_share: [1, 'acme', 'Acme']",
              "s2_delete: <waiting ...>",
              "s3_key_share: [1, 'acme', 'Acme']",
              "s3_commit: ok",
              "s1_commit: ok",
              "s2_delete: <... completed> 1 row",
              "s2_commit: ok",
          },
      },
      {
          .name = "row_queue_sharers_then_updates_in_arrival_order",
          .covers = "row queue: two UPDATEs wait on two FOR SHARE holders (a multixact); the one that came first "
                    "goes when the last sharer commits, the other waits for it",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {lock_row("s1_share", RowLock::kForShare), commit("s1_commit")}},
                       {"s2", {lock_row("s2_share", RowLock::kForShare), commit("s2_commit")}},
                       {"s3", {update_name("s3_update", "S3"), commit("s3_commit")}},
                       {"s4", {update_name("s4_update", "S4"), commit("s4_commit"), read_accounts("s4_read")}}},
          .order = {"s1_share", "s2_share", "s4_update", "s3_update", "s1_commit", "s2_commit", "s4_commit",
                    "s3_commit", "s4_read"},
          .expected = {
              "s1_share: [1, 'acme', 'Acme']",
              "s2_share: [1, 'acme', 'Acme']",
              "s4_update: <waiting ...>",
              "s3_update: <waiting ...>",
              "s1_commit: ok",
              "s2_commit: ok",
              "s4_update: <... completed> 1 row",
              "s4_commit: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
              "s4_read: [1, 'acme', 'S3']",
          },
      },
      {
          .name = "row_queue_head_timing_out_hands_the_queue_on",
          .covers = "row queue: the head's lock_timeout fires; its tuple lock goes with its transaction and the "
                    "UPDATE behind it becomes the head, which the holder's commit lets go",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1", {update_name("s1_update", "S1"), commit("s1_commit")}},
                       {"s2",
                        {set_lock_timeout("s2_lock_timeout", 500), update_name("s2_update", "S2"),
                         rollback("s2_rollback")}},
                       {"s3", {update_name("s3_update", "S3"), commit("s3_commit"), read_accounts("s3_read")}}},
          .order = {"s1_update", "s2_lock_timeout", "s2_update", "s3_update", "s2_rollback", "s1_commit",
                    "s3_commit", "s3_read"},
          .expected = {
              "s1_update: 1 row",
              "s2_lock_timeout: ok",
              "s2_update: <waiting ...>",
              "s3_update: <waiting ...>",
              "s2_update: <... completed> " + kLockTimeout,
              "s2_rollback: ok",
              "s1_commit: ok",
              "s3_update: <... completed> 1 row",
              "s3_commit: ok",
              "s3_read: [1, 'acme', 'S3']",
          },
      },
      {
          .name = "row_queue_savepoint_rollback_of_the_holder",
          .covers = "row queue: the holder rolls back to a savepoint; the head waited for the subtransaction and "
                    "goes, the FOR UPDATE behind it waits for the head",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {savepoint("s1_savepoint", "a"), update_name("s1_update", "S1"),
                         rollback_to_savepoint("s1_rollback_to", "a"), commit("s1_commit")}},
                       {"s2", {update_name("s2_update", "S2"), commit("s2_commit")}},
                       {"s3", {lock_row("s3_lock", RowLock::kForUpdate), commit("s3_commit")}}},
          .order = {"s1_savepoint", "s1_update", "s2_update", "s3_lock", "s1_rollback_to", "s2_commit",
                    "s3_commit", "s1_commit"},
          .expected = {
              "s1_savepoint: ok",
              "s1_update: 1 row",
              "s2_update: <waiting ...>",
              "s3_lock: <waiting ...>",
              "s1_rollback_to: ok",
              "s2_update: <... completed> 1 row",
              "s2_commit: ok",
              "s3_lock: <... completed> [1, 'acme', 'S2']",
              "s3_commit: ok",
              "s1_commit: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
