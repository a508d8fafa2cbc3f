// READ COMMITTED: every statement sees what was committed before it started
// (and its own transaction's writes), never another transaction's
// uncommitted work.

#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

std::vector<Permutation> read_committed_permutations() {
  return {
      {
          .name = "read_committed_statement_sees_rows_committed_since_the_last_one",
          .covers = "read committed: a snapshot per statement; uncommitted rows of others are invisible",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {select("s1_select_empty", "accounts"), select("s1_select_uncommitted", "accounts"),
                         select("s1_select_committed", "accounts"), commit("s1_commit")}},
                       {"s2", {insert("s2_insert", "accounts", {{"handle", "acme"}}), commit("s2_commit")}}},
          .order = {"s1_select_empty", "s2_insert", "s1_select_uncommitted", "s2_commit",
                    "s1_select_committed", "s1_commit"},
          .expected = {
              "s1_select_empty: no rows",
              "s2_insert: id 1",
              "s1_select_uncommitted: no rows",
              "s2_commit: ok",
              "s1_select_committed: [1, 'acme', NULL]",
              "s1_commit: ok",
          },
      },
      {
          .name = "read_committed_update_skips_uncommitted_rows_without_waiting",
          .covers =
              "read committed: UPDATE and DELETE neither see nor wait for rows others have not committed",
          .tables = {&kAccounts},
          .sessions = {{"s1",
                        {update("s1_update_uncommitted", "accounts", {{"name", "Acme"}},
                                {{"handle", "acme"}}),
                         remove("s1_delete_uncommitted", "accounts", {{"handle", "acme"}}),
                         update("s1_update_committed", "accounts", {{"name", "Acme"}}, {{"handle", "acme"}}),
                         commit("s1_commit")}},
                       {"s2",
                        {insert("s2_insert", "accounts", {{"handle", "acme"}}), commit("s2_commit"),
                         select("s2_select", "accounts")}}},
          .order = {"s2_insert", "s1_update_uncommitted", "s1_delete_uncommitted", "s2_commit",
                    "s1_update_committed", "s1_commit", "s2_select"},
          .expected = {
              "s2_insert: id 1",
              "s1_update_uncommitted: 0 rows",
              "s1_delete_uncommitted: 0 rows",
              "s2_commit: ok",
              "s1_update_committed: 1 row",
              "s1_commit: ok",
              "s2_select: [1, 'acme', 'Acme']",
          },
      },
      {
          .name = "read_committed_others_see_the_old_version_until_commit",
          .covers =
              "read committed: an uncommitted update or delete leaves the old version visible to others, "
              "and plain reads do not wait for it",
          .tables = {&kAccounts},
          .setup = two_accounts(),
          .sessions = {{"s1",
                        {remove("s1_delete", "accounts", {{"id", 1}}),
                         update("s1_update", "accounts", {{"name", "G2"}}, {{"id", 2}}),
                         select("s1_select", "accounts"), commit("s1_commit")}},
                       {"s2",
                        {select("s2_select_before", "accounts"), select("s2_select_after", "accounts")}}},
          .order = {"s1_delete", "s1_update", "s1_select", "s2_select_before", "s1_commit",
                    "s2_select_after"},
          .expected = {
              "s1_delete: 1 row",
              "s1_update: 1 row",
              "s1_select: [2, 'globex', 'G2']",
              "s2_select_before: [1, 'acme', 'Acme'] [2, 'globex', 'Globex']",
              "s1_commit: ok",
              "s2_select_after: [2, 'globex', 'G2']",
          },
      },
  };
}

}  // namespace interleave::conformance
