// Foreign keys (23503): the referenced row must be visible and committed-or-
// own; a referenced row being deleted makes the insert wait; a referenced
// parent cannot be deleted.

#include "tests/conformance/outcomes.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

namespace {

// s1 deletes parent 1 and ends one way or the other; s2 inserts a child of it.
std::vector<SessionSpec> parent_delete_race() {
  return {
      {"s1",
       {remove("s1_delete_parent", "parents", {{"id", 1}}), commit("s1_commit"), rollback("s1_rollback")}},
      {"s2",
       {insert("s2_insert_child", "children", {{"parent_id", 1}}), commit("s2_commit"),
        rollback("s2_rollback")}}};
}

// s1 inserts a child of parent 1 and ends one way or the other; s2 deletes the parent.
std::vector<SessionSpec> child_insert_race() {
  return {
      {"s1",
       {insert("s1_insert_child", "children", {{"parent_id", 1}}), commit("s1_commit"),
        rollback("s1_rollback")}},
      {"s2",
       {remove("s2_delete_parent", "parents", {{"id", 1}}), commit("s2_commit"), rollback("s2_rollback")}}};
}

}  // namespace

std::vector<Permutation> foreign_key_permutations() {
  return {
      {
          .name = "foreign_key_to_missing_parent_fails",
          .covers =
              "foreign key: a missing referenced row is 23503 (the failed insert used up its id); a NULL "
              "reference is not checked",
          .tables = {&kParents, &kChildren},
          .sessions = {{"s1",
                        {insert("s1_insert_orphan", "children", {{"parent_id", 99}}), rollback("s1_rollback"),
                         insert("s1_insert_null", "children", {{"parent_id", kNull}})}}},
          .order = {"s1_insert_orphan", "s1_rollback", "s1_insert_null"},
          .expected = {
              "s1_insert_orphan: " + kMissingParent,
              "s1_rollback: ok",
              "s1_insert_null: id 2",
          },
      },
      {
          .name = "foreign_key_to_uncommitted_parent_fails_at_once",
          .covers = "foreign key: a parent another transaction inserted but has not committed is invisible: "
                    "23503 at once, no wait",
          .tables = {&kParents, &kChildren},
          .sessions = {{"s1", {insert("s1_insert_parent", "parents", {{"name", "p1"}}), commit("s1_commit")}},
                       {"s2",
                        {insert("s2_insert_child", "children", {{"parent_id", 1}}), rollback("s2_rollback"),
                         insert("s2_insert_child_again", "children", {{"parent_id", 1}})}}},
          .order = {"s1_insert_parent", "s2_insert_child", "s1_commit", "s2_rollback",
                    "s2_insert_child_again"},
          .expected = {
              "s1_insert_parent: id 1",
              "s2_insert_child: " + kMissingParent,
              "s1_commit: ok",
              "s2_rollback: ok",
              "s2_insert_child_again: id 2",
          },
      },
      {
          .name = "foreign_key_insert_waits_for_parent_delete_then_fails_when_it_commits",
          .covers = "foreign key: a parent being deleted makes the child insert wait, then 23503",
          .tables = {&kParents, &kChildren},
          .setup = one_parent(),
          .sessions = parent_delete_race(),
          .order = {"s1_delete_parent", "s2_insert_child", "s1_commit", "s2_rollback"},
          .expected = {
              "s1_delete_parent: 1 row",
              "s2_insert_child: <waiting ...>",
              "s1_commit: ok",
              "s2_insert_child: <... completed> " + kMissingParent,
              "s2_rollback: ok",
          },
      },
      {
          .name = "foreign_key_insert_waits_for_parent_delete_then_proceeds_when_it_rolls_back",
          .covers = "foreign key: the waiting child insert proceeds once the parent's delete rolls back",
          .tables = {&kParents, &kChildren},
          .setup = one_parent(),
          .sessions = parent_delete_race(),
          .order = {"s1_delete_parent", "s2_insert_child", "s1_rollback", "s2_commit"},
          .expected = {
              "s1_delete_parent: 1 row",
              "s2_insert_child: <waiting ...>",
              "s1_rollback: ok",
              "s2_insert_child: <... completed> id 1",
              "s2_commit: ok",
          },
      },
      {
          .name = "foreign_key_delete_of_referenced_parent_fails",
          .covers = "foreign key: deleting a parent that has children is 23503",
          .tables = {&kParents, &kChildren},
          .setup = {insert("setup_parent", "parents", {{"name", "p1"}}),
                    insert("setup_child", "children", {{"parent_id", 1}})},
          .sessions = {{"s1", {remove("s1_delete_parent", "parents", {{"id", 1}}), rollback("s1_rollback")}}},
          .order = {"s1_delete_parent", "s1_rollback"},
          .expected = {
              "s1_delete_parent: " + kParentStillReferenced,
              "s1_rollback: ok",
          },
      },
      {
          .name = "foreign_key_parent_delete_waits_for_uncommitted_child_then_fails",
          .covers =
              "foreign key: a child insert key-share-locks its parent: the parent's delete waits for it, "
              "then 23503 once the child commits",
          .tables = {&kParents, &kChildren},
          .setup = one_parent(),
          .sessions = child_insert_race(),
          .order = {"s1_insert_child", "s2_delete_parent", "s1_commit", "s2_rollback"},
          .expected = {
              "s1_insert_child: id 1",
              "s2_delete_parent: <waiting ...>",
              "s1_commit: ok",
              "s2_delete_parent: <... completed> " + kParentStillReferenced,
              "s2_rollback: ok",
          },
      },
      {
          .name = "foreign_key_parent_delete_waits_for_uncommitted_child_then_proceeds_on_rollback",
          .covers = "foreign key: the parent's delete proceeds once the child's transaction rolls back",
          .tables = {&kParents, &kChildren},
          .setup = one_parent(),
          .sessions = child_insert_race(),
          .order = {"s1_insert_child", "s2_delete_parent", "s1_rollback", "s2_commit"},
          .expected = {
              "s1_insert_child: id 1",
              "s2_delete_parent: <waiting ...>",
              "s1_rollback: ok",
              "s2_delete_parent: <... completed> 1 row",
              "s2_commit: ok",
          },
      },
      {
          .name = "foreign_key_insert_waits_for_a_parent_locked_for_update",
          .covers =
              "foreign key: the check key-share-locks the parent, so it does not wait for a parent being "
              "updated without its key changing, but waits for a parent locked FOR UPDATE",
          .tables = {&kParents, &kChildren},
          .setup = one_parent(),
          .sessions = {{"s1",
                        {update("s1_update_parent", "parents", {{"name", "renamed"}}, {{"id", 1}}),
                         select("s1_lock_parent", "parents", {{"id", 1}}, RowLock::kForUpdate),
                         commit("s1_commit")}},
                       {"s2",
                        {insert("s2_insert_child", "children", {{"parent_id", 1}}), commit("s2_commit"),
                         insert("s2_insert_child_again", "children", {{"parent_id", 1}}),
                         commit("s2_commit_again")}}},
          .order = {"s1_update_parent", "s2_insert_child", "s2_commit", "s1_lock_parent",
                    "s2_insert_child_again", "s1_commit", "s2_commit_again"},
          .expected = {
              "s1_update_parent: 1 row",
              "s2_insert_child: id 1",
              "s2_commit: ok",
              "s1_lock_parent: [1, 'renamed']",
              "s2_insert_child_again: <waiting ...>",
              "s1_commit: ok",
              "s2_insert_child_again: <... completed> id 2",
              "s2_commit_again: ok",
          },
      },
  };
}

}  // namespace interleave::conformance
