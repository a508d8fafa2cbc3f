#pragma once
// The small tables the permutations run on. Each permutation names the ones
// it needs; they are created in the public schema (kNotes is created by a
// permutation's setup, in a schema of its own).

#include <vector>

#include "model/db/table.h"
#include "tests/conformance/spec.h"

namespace interleave::conformance {

// accounts(id, handle text UNIQUE "accounts_handle_key", name text)
extern const model::db::TableDef kAccounts;
// parents(id, name text)
extern const model::db::TableDef kParents;
// children(id, parent_id bigint REFERENCES parents "children_parent_id_fkey", name text)
extern const model::db::TableDef kChildren;
// docs(id, body jsonb, version bigint NOT NULL): a JSON document with a
// version column for optimistic updates.
extern const model::db::TableDef kDocs;
// notes(id, body text): a tenant's table, living in a schema of its own.
extern const model::db::TableDef kNotes;
// flags(id, active boolean): the port holds a boolean as 1 or 0.
extern const model::db::TableDef kFlags;

// Setups the permutations start from (committed before the sessions start).
// accounts: [1, 'acme', 'Acme'] [2, 'globex', 'Globex']
std::vector<Step> two_accounts();
// parents: [1, 'p1']
std::vector<Step> one_parent();
// schema tenant_a with tenant_a.notes: [1, 'hello']
std::vector<Step> tenant_schema();
// docs: [1, '{"title":"draft"}', 1]
std::vector<Step> one_doc();

}  // namespace interleave::conformance
