#pragma once
// The swimlane picture of a trace, as inline SVG as wide as the page: one
// lane per actor that has events (in the trace's actor order), one column
// per event (in trace order, so events that share a step stay apart) under
// an axis that names each step once, each event captioned with what it did,
// shaded intervals where an actor was blocked on a lock, the marked event
// highlighted, the causal links of reports/causality.h drawn as arrows, and
// the failure's cause (reports/failure_cause.h) as a red arrow
// (path.link-cause) to the statement that met it.
//
// Each lane is <g class="lane" data-actor="NAME">; each event is a
// <g class="event kind-K"> whose <title> holds its details and which links to
// the row id="event-I" of the page's event table. Kinds: db, commit,
// rollback, lock, http, workflow, activity, call, other. Lock events are
// diamonds, commits and rollbacks squares, everything else circles.
//
// Guarantees: every text is HTML-escaped; the same trace gives the same bytes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/trace_record.h"

namespace interleave::reports {

// The class suffix of an event's kind: "commit" for db.commit, "lock" for
// db.advisory_lock and statements taking row locks, ...
std::string_view event_kind(const Event& event);

// The actors that get a lane: those with at least one event, in order.
std::vector<const Actor*> lane_actors(const TraceRecord& trace);

// Requires: !marked || *marked < trace.events.size().
std::string render_swimlane_svg(const TraceRecord& trace, std::optional<std::size_t> marked);

}  // namespace interleave::reports
