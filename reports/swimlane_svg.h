#pragma once
// The swimlane picture of a trace, as inline SVG: one lane per actor (in the
// trace's actor order), one column per event (in trace order, so events that
// share a step stay apart), shaded intervals where an actor was blocked on a
// lock, the marked event highlighted, and the causal links of
// reports/causality.h drawn as arrows.
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

#include "reports/trace_record.h"

namespace interleave::reports {

// The class suffix of an event's kind: "commit" for db.commit, "lock" for
// db.advisory_lock and statements taking row locks, ...
std::string_view event_kind(const Event& event);

// Requires: !marked || *marked < trace.events.size().
std::string render_swimlane_svg(const TraceRecord& trace, std::optional<std::size_t> marked);

}  // namespace interleave::reports
