#include "reports/swimlane_svg.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "reports/causality.h"
#include "reports/failure_cause.h"
#include "reports/html_page.h"
#include "reports/timeline.h"

namespace interleave::reports {
namespace {

using Out = std::back_insert_iterator<std::string>;

// Geometry in SVG user units. The picture is drawn kTargetWidth wide when
// its columns fit (wider ones scroll) and scaled to the page's width.
constexpr int kTop = 34;          // Room for the step axis.
constexpr int kLaneHeight = 56;   // A dot and its label.
constexpr int kMinColumnWidth = 76;  // A label of kLabelChars fits.
constexpr int kTargetWidth = 1200;
constexpr int kCharWidth = 7;     // Of the 11px monospace lane labels.
constexpr int kLabelChars = 12;   // Of the 10px event labels, about 6 units each.
constexpr int kRadius = 7;
constexpr int kRightMargin = 48;  // Room for the marker's label under the last column.

struct Layout {
  int label_width = 0;
  int column_width = kMinColumnWidth;
  std::map<std::string, std::size_t> lane_of;  // Actor name -> lane index.

  int x(std::size_t column) const { return label_width + column_width / 2 + static_cast<int>(column) * column_width; }
  int top(const std::string& actor) const { return kTop + static_cast<int>(lane_of.at(actor)) * kLaneHeight; }
  // A dot sits above the middle of its lane, its label below it.
  int y(const std::string& actor) const { return top(actor) + kLaneHeight / 2 - 6; }
};


// A dot's caption: what the event did, in a few words ("SELECT tenants",
// "COMMIT", "→ 500"); the whole text is in its tooltip and the table.
std::string short_label(const Event& event) {
  std::string label;
  const std::string_view op = event.op;
  if (op == "db.commit") label = "COMMIT";
  else if (op == "db.rollback") label = "ROLLBACK";
  else if (op == "http.request") label = event.text.substr(0, event.text.find(' '));
  else if (op == "http.response") label = "→ " + event.result.substr(0, event.result.find(' '));
  else if (op == "workflow.start") label = "start wf";
  else if (op.starts_with("db.")) {
    const std::size_t space = event.text.find(' ');
    label = event.text.substr(0, space);
    if (label == "CREATE" || label == "DROP") {
      const std::size_t next = event.text.find(' ', space + 1);
      label = event.text.substr(0, next);
    } else if (const std::optional<std::string> table = statement_table(event.text)) {
      label += " " + *table;
    }
  } else {
    label = op.empty() ? event.text : std::string(op.substr(op.find('.') + 1));
  }
  if (event.result.starts_with("error")) label = "✗ " + label;
  if (event.result.starts_with("blocked")) label = "⏸ " + label;
  // Cut by characters, not bytes: the marks above are multi-byte.
  std::size_t chars = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
    if (++chars > kLabelChars) return label.substr(0, i) + "…";
  }
  return label;
}

void defs(Out out) {
  for (const std::string_view kind : {"start", "http", "commit", "cause"}) {
    fmt::format_to(out,
                   "<marker id=\"arrow-{0}\" class=\"link-{0}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                   "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                   "<path d=\"M0,0 L10,5 L0,10 z\" class=\"arrow-head-{0}\"/></marker>\n",
                   kind);
  }
}

// The step axis: each step once, over the columns of its events (several
// events can share a step), with a tick between steps.
void step_axis(Out out, const Layout& layout, const std::vector<Event>& events, int height) {
  for (std::size_t first = 0; first < events.size();) {
    std::size_t last = first;
    while (last + 1 < events.size() && events[last + 1].step == events[first].step) ++last;
    const int left = layout.x(first) - layout.column_width / 2;
    fmt::format_to(out, "<line class=\"step-tick\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", left, kTop - 20,
                   height);
    fmt::format_to(out, "<text class=\"step-label\" data-step=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                   events[first].step, (layout.x(first) + layout.x(last)) / 2, kTop - 8, events[first].step);
    first = last + 1;
  }
  fmt::format_to(out, "<text x=\"4\" y=\"{}\">step</text>\n", kTop - 8);
}

// From a "blocked" event to the actor's next event: the time it waited.
void blocked_intervals(Out out, const Layout& layout, const std::vector<Event>& events, const std::string& actor) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].actor_name != actor || !events[i].result.starts_with("blocked")) continue;
    std::size_t end = events.size();
    for (std::size_t j = i + 1; j < events.size(); ++j) {
      if (events[j].actor_name == actor) {
        end = j;
        break;
      }
    }
    const int left = layout.x(i);
    const int right = end < events.size() ? layout.x(end) : layout.x(end - 1) + layout.column_width / 2;
    fmt::format_to(out,
                   "<rect class=\"blocked\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{} blocked: {}</title></rect>\n",
                   left, layout.top(actor) + 4, std::max(right - left, 4), kLaneHeight - 8,
                   escape_markup(actor), escape_markup(events[i].result));
  }
}

void event_shape(Out out, std::string_view kind, int x, int y) {
  if (kind == "lock") {
    fmt::format_to(out, "<polygon points=\"{},{} {},{} {},{} {},{}\"/>", x, y - kRadius - 1, x + kRadius + 1, y, x,
                   y + kRadius + 1, x - kRadius - 1, y);
  } else if (kind == "commit" || kind == "rollback") {
    fmt::format_to(out, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", x - kRadius + 1, y - kRadius + 1,
                   2 * kRadius - 2, 2 * kRadius - 2);
  } else {
    fmt::format_to(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>", x, y, kRadius - 1);
  }
}

void event_mark(Out out, const Layout& layout, const std::vector<Event>& events, std::size_t i, bool marked) {
  const Event& event = events[i];
  const std::string_view kind = event_kind(event);
  const int x = layout.x(i);
  const int y = layout.y(event.actor_name);
  fmt::format_to(out, "<a href=\"#event-{}\"><g class=\"event kind-{}{}\" data-event=\"{}\" data-step=\"{}\">", i, kind,
                 marked ? " violation" : "", i, event.step);
  fmt::format_to(out, "<title>{} (step {}) {}{}{}\n{}{}{}</title>", timeline_label(i), event.step,
                 escape_markup(event.actor_name), event.op.empty() ? "" : " · ", escape_markup(event.op),
                 escape_markup(event.text), event.result.empty() ? "" : " → ", escape_markup(event.result));
  event_shape(out, kind, x, y);
  if (marked) fmt::format_to(out, "<circle class=\"ring\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", x, y, kRadius + 5);
  fmt::format_to(out, "<text class=\"event-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x,
                 y + kRadius + 13, escape_markup(short_label(event)));
  fmt::format_to(out, "</g></a>\n");
  if (marked) {
    fmt::format_to(out, "<text class=\"violation-label\" x=\"{}\" y=\"{}\" text-anchor=\"start\">◀ here</text>\n",
                   x + kRadius + 8, y + 4);
  }
}

void lane(Out out, const Layout& layout, const TraceRecord& trace, const Actor& actor, int width,
          std::optional<std::size_t> marked) {
  const int top = layout.top(actor.name);
  fmt::format_to(out, "<g class=\"lane\" data-actor=\"{}\" data-kind=\"{}\">\n", escape_markup(actor.name),
                 escape_markup(actor.kind));
  fmt::format_to(out, "<rect class=\"lane-band\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", top, width,
                 kLaneHeight);
  std::string details = actor.kind.empty() ? "" : actor.kind;
  if (!actor.operation.empty()) details += (details.empty() ? "" : ": ") + actor.operation;
  if (actor.parent_name) details += (details.empty() ? "" : ", ") + ("started by " + *actor.parent_name);
  fmt::format_to(out, "<text x=\"6\" y=\"{}\"><title>{}</title>{}</text>\n", top + kLaneHeight / 2 + 4,
                 escape_markup(details), escape_markup(actor.name));
  blocked_intervals(out, layout, trace.events, actor.name);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (trace.events[i].actor_name == actor.name) event_mark(out, layout, trace.events, i, marked == i);
  }
  fmt::format_to(out, "</g>\n");
}

// Across lanes a straight arrow; within one lane an arc above it, so that a
// request's link to its own statements does not run through them.
void link_path(Out out, const Layout& layout, const Link& link) {
  static constexpr std::string_view kNames[] = {"start", "http", "commit", "cause"};
  const std::string_view kind = kNames[static_cast<std::size_t>(link.kind)];
  // A parent starting a child that never ran: the child has no lane.
  if (!layout.lane_of.count(link.from_actor) || !layout.lane_of.count(link.to_actor)) return;
  const int x1 = layout.x(link.from_column);
  const int y1 = layout.y(link.from_actor);
  const int x2 = layout.x(link.to_column);
  const int y2 = layout.y(link.to_actor);
  std::string d;
  if (y1 == y2) {
    const int lift = std::min(kLaneHeight / 2 - 2, 8 + (x2 - x1) / 12);
    d = fmt::format("M{},{} Q{},{} {},{}", x1, y1 - kRadius, (x1 + x2) / 2, y1 - kRadius - 2 * lift, x2, y2 - kRadius);
  } else {
    const int toward = y2 > y1 ? 1 : -1;
    d = fmt::format("M{},{} L{},{}", x1, y1 + toward * kRadius, x2, y2 - toward * kRadius);
  }
  const std::string_view what = link.kind == LinkKind::cause ? "what the failure met" : kind;
  fmt::format_to(out, "<path class=\"link link-{0}\" d=\"{1}\" marker-end=\"url(#arrow-{0})\"><title>{2}: {3} {4} → {5} {6}</title></path>\n",
                 kind, d, what, escape_markup(link.from_actor), timeline_label(link.from_column),
                 escape_markup(link.to_actor), timeline_label(link.to_column));
}

}  // namespace

std::string_view event_kind(const Event& event) {
  const std::string_view op = event.op;
  if (op == "db.commit") return "commit";
  if (op == "db.rollback" || op == "db.rollback_to_savepoint") return "rollback";
  if (op == "db.advisory_lock" || op == "db.advisory_unlock" || op.starts_with("lock.") ||
      event.text.find(" FOR UPDATE") != std::string::npos || event.text.find(" FOR SHARE") != std::string::npos ||
      event.text.starts_with("LOCK ")) {
    return "lock";
  }
  if (op.starts_with("db.")) return "db";
  if (op.starts_with("http.")) return "http";
  if (op.starts_with("workflow.")) return "workflow";
  if (op.starts_with("activity.")) return "activity";
  if (op.starts_with("call.")) return "call";
  return "other";
}

std::vector<const Actor*> lane_actors(const TraceRecord& trace) {
  std::vector<const Actor*> actors;
  for (const Actor& actor : trace.actors) {
    for (const Event& event : trace.events) {
      if (event.actor_name != actor.name) continue;
      actors.push_back(&actor);
      break;
    }
  }
  return actors;
}

std::string render_swimlane_svg(const TraceRecord& trace, std::optional<std::size_t> marked) {
  assert(!marked || *marked < trace.events.size());
  Layout layout;
  const std::vector<const Actor*> actors = lane_actors(trace);
  std::size_t longest_name = 4;
  for (std::size_t i = 0; i < actors.size(); ++i) {
    layout.lane_of.emplace(actors[i]->name, i);
    longest_name = std::max(longest_name, actors[i]->name.size());
  }
  layout.label_width = static_cast<int>(longest_name) * kCharWidth + 16;
  const int columns = static_cast<int>(std::max<std::size_t>(trace.events.size(), 1));
  layout.column_width = std::max(kMinColumnWidth, (kTargetWidth - layout.label_width - kRightMargin) / columns);
  const int width = layout.label_width + columns * layout.column_width + kRightMargin;
  const int height = kTop + static_cast<int>(actors.size()) * kLaneHeight + 8;

  std::string svg;
  const Out out(svg);
  // As wide as the page; never narrower than its natural size, so that the
  // labels stay readable and a long trace scrolls instead.
  fmt::format_to(out,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swimlane\" width=\"100%\" "
                 "style=\"min-width: {0}px\" viewBox=\"0 0 {0} {1}\" preserveAspectRatio=\"xMinYMin meet\" "
                 "role=\"img\" aria-label=\"swimlane of {2} actors and {3} events\">\n<defs>\n",
                 width, height, actors.size(), trace.events.size());
  defs(out);
  fmt::format_to(out, "</defs>\n");
  fmt::format_to(out, "<g class=\"lanes\">\n");
  for (const Actor* actor : actors) lane(out, layout, trace, *actor, width, marked);
  fmt::format_to(out, "</g>\n");
  step_axis(out, layout, trace.events, height);
  fmt::format_to(out, "<g class=\"links\">\n");
  for (const Link& link : causal_links(trace)) link_path(out, layout, link);
  if (marked) {
    if (const std::optional<FailureCause> cause = failure_cause(trace, *marked)) {
      link_path(out, layout,
                Link{LinkKind::cause, trace.events[cause->cause].actor_name, cause->cause,
                     trace.events[cause->effect].actor_name, cause->effect});
    }
  }
  fmt::format_to(out, "</g>\n</svg>\n");
  return svg;
}

}  // namespace interleave::reports
