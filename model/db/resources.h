#pragma once
// The shared resources of the db model as footprints name them
// (harness/footprint.h): the catalog, each table's rows, each lock. The
// dfs strategy lets two statements commute when their resources do not
// conflict, so every read and write of shared db state is noted here.

#include "harness/footprint.h"
#include "model/db/locks.h"

namespace interleave::model::db {

inline ResourceId catalog_resource() { return resource_id(ResourceKind::kCatalog, 0); }

// Row versions, row locks and the id sequence of the table with this oid.
inline ResourceId table_rows_resource(std::int64_t oid) {
  return resource_id(ResourceKind::kTableData, static_cast<std::uint64_t>(oid));
}

inline ResourceId lock_resource(const LockTag& tag) {
  return resource_id(ResourceKind::kLock,
                     (static_cast<std::uint64_t>(tag.kind) << 48) ^ static_cast<std::uint64_t>(tag.object));
}

// Modes compatible with themselves (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE)
// only read the lock's entry for each other.
inline Access lock_access(LockMode mode) { return conflicts(mode, mode) ? Access::kWrite : Access::kRead; }

inline ResourceId wait_graph_resource() { return resource_id(ResourceKind::kWaitGraph, 0); }

}  // namespace interleave::model::db
