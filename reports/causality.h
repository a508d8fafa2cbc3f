#pragma once
// The cause-and-effect links a swimlane picture draws between events. The
// trace records no causality, so each kind is inferred by a simple rule:
//
//   start   an actor's parent starts it: from the parent's workflow.start
//           event naming the child ("id=<child>") or, without one, the
//           parent's last event before the child's first; to the child's
//           first event (or the source's column when the child has none).
//   http    an http.request to each db.* statement its actor runs before
//           the matching http.response.
//   commit  a db.commit to the first later db.select of another actor on a
//           table the committing transaction wrote (INSERT INTO / UPDATE /
//           DELETE FROM). Tables are compared by unqualified name, so
//           "tenant_acme.products" matches "products" read through a
//           search_path: an approximation of "the first read that sees it".
//
// Columns are event indices; a link whose source actor had no event yet
// starts in the target's column.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/trace_record.h"

namespace interleave::reports {

// cause: the failure's decisive link (reports/failure_cause.h), drawn by
// the swimlane beside these; causal_links() never returns it.
enum class LinkKind { start, http, commit, cause };

struct Link {
  LinkKind kind = LinkKind::start;
  std::string from_actor;
  std::size_t from_column = 0;
  std::string to_actor;
  std::size_t to_column = 0;
};

// The unqualified table a statement reads or writes, when its text parses:
// "INSERT INTO tenant_acme.products (...)" gives "products".
std::optional<std::string> statement_table(std::string_view statement);

// Every link of the three kinds, start links first, each kind in event order.
std::vector<Link> causal_links(const TraceRecord& trace);

}  // namespace interleave::reports
