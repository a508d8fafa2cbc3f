#pragma once
// The decisive link of a race: the other actor's write, DDL or workflow
// start that the failing actor's statement met. The trace records no
// causality, so it is inferred, in this order:
//
//   effect  the failing actor's last event at or before the marked one that
//           failed ("error ..."), else its last db statement before it;
//   cause   the latest earlier event of another actor (not "setup") on the
//           same thing: for a missing relation or schema (42P01, 3F000) a
//           DROP SCHEMA or DROP TABLE; for a workflow start, a start of the
//           same workflow id; otherwise a write (INSERT, UPDATE, DELETE) of
//           the same table. A write that its actor committed before the
//           effect is represented by that COMMIT, the moment it became
//           visible.
//
// Example: deletion-window's seed race gives the drop_tenant_schema
// activity's COMMIT (after DROP SCHEMA tenant_acme) -> api-1's failing
// SELECT * FROM products.

#include <cstddef>
#include <optional>

#include "reports/trace_record.h"

namespace interleave::reports {

struct FailureCause {
  std::size_t cause = 0;   // event index
  std::size_t effect = 0;  // event index, after `cause`
};

// Requires: marked < trace.events.size().
std::optional<FailureCause> failure_cause(const TraceRecord& trace, std::size_t marked);

}  // namespace interleave::reports
