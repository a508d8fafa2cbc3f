#include "reports/html_report.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "reports/divergence_account.h"
#include "reports/failure_cause.h"
#include "reports/html_page.h"
#include "reports/reproduce.h"
#include "reports/swimlane_svg.h"
#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {
namespace {

using Out = std::back_insert_iterator<std::string>;

std::string_view status_word(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::violation: return "violation";
    case VerdictStatus::holds: return "holds";
    case VerdictStatus::deadlock: return "deadlock";
    case VerdictStatus::budget_exceeded: return "budget exceeded";
    case VerdictStatus::crash: return "crash";
    case VerdictStatus::divergence: return "divergence";
  }
  return "unknown";
}

void verdict_section(Out out, const TraceRecord& trace, std::optional<std::size_t> marked) {
  const Verdict& verdict = trace.verdict;
  fmt::format_to(out, "<p class=\"verdict\" data-status=\"{}\"><strong>{}</strong>", status_word(verdict.status),
                 status_word(verdict.status));
  if (verdict.property) fmt::format_to(out, " of <code>{}</code>", escape_markup(*verdict.property));
  if (verdict.step) fmt::format_to(out, ", checked after step {}", *verdict.step);
  if (marked) fmt::format_to(out, " (event <a href=\"#event-{}\">{}</a>)", *marked, timeline_label(*marked));
  if (verdict.schedules) fmt::format_to(out, ", over {} schedules", *verdict.schedules);
  fmt::format_to(out, ".</p>\n");
  if (!verdict.message.empty()) fmt::format_to(out, "<blockquote>{}</blockquote>\n", escape_markup(verdict.message));
}

void settings_list(Out out, const TraceRecord& trace) {
  fmt::format_to(out,
                 "<ul>\n<li>Scenario: <code>{}</code> (report {})</li>\n<li>Variant: <code>{}</code></li>\n"
                 "<li>Strategy: <code>{}</code>, seed {}, schedule index {}</li>\n<li>{} actors, {} events</li>\n</ul>\n",
                 escape_markup(trace.scenario), escape_markup(trace.report), escape_markup(trace.variant),
                 escape_markup(trace.strategy), trace.seed, trace.schedule, trace.actors.size(), trace.events.size());
}

void legend(Out out) {
  fmt::format_to(out,
                 "<p class=\"legend\"><span>● statement / call</span><span>■ commit (□ red: rollback)</span>"
                 "<span>◆ lock</span><span>orange band: blocked</span><span>red ring: the violating event</span>"
                 "<span>green arrow: parent starts child</span><span>yellow arc: HTTP request → its statements</span>"
                 "<span>blue dashes: commit → first read of its table by another actor</span>"
                 "<span>red arrow: what the failing statement met</span></p>\n");
}

// The red arrow in words, for a reader who pastes the page into a ticket.
void cause_sentence(Out out, const TraceRecord& trace, std::optional<std::size_t> marked) {
  if (!marked) return;
  const std::optional<FailureCause> cause = failure_cause(trace, *marked);
  if (!cause) return;
  const Event& from = trace.events[cause->cause];
  const Event& to = trace.events[cause->effect];
  fmt::format_to(out,
                 "<p class=\"cause\">Cause: <a href=\"#event-{}\">{}</a> {} <code>{}</code> → "
                 "<a href=\"#event-{}\">{}</a> {} <code>{}</code> ({})</p>\n",
                 cause->cause, timeline_label(cause->cause), escape_markup(from.actor_name), escape_markup(from.text),
                 cause->effect, timeline_label(cause->effect), escape_markup(to.actor_name), escape_markup(to.text),
                 escape_markup(to.result));
}

// Actors the picture leaves out: an empty lane says nothing.
void without_lanes(Out out, const TraceRecord& trace) {
  const std::vector<const Actor*> drawn = lane_actors(trace);
  std::string names;
  for (const Actor& actor : trace.actors) {
    if (std::find(drawn.begin(), drawn.end(), &actor) != drawn.end()) continue;
    names += (names.empty() ? "" : ", ") + fmt::format("<code>{}</code>", escape_markup(actor.name));
  }
  if (!names.empty()) fmt::format_to(out, "<p class=\"no-lane\">No events, so no lane: {}</p>\n", names);
}

void event_table(Out out, const std::vector<Event>& events, std::optional<std::size_t> marked) {
  fmt::format_to(out, "<table class=\"events\">\n<tr><th>event</th><th>step</th><th>actor</th><th>op</th>"
                      "<th>statement</th><th>result</th></tr>\n");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    fmt::format_to(out,
                   "<tr id=\"event-{}\"{}><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>"
                   "<td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>\n",
                   i, marked == i ? " class=\"violation\"" : "", timeline_label(i), event.step,
                   escape_markup(event.actor_name), escape_markup(event.op), escape_markup(event.text),
                   escape_markup(event.result));
  }
  fmt::format_to(out, "</table>\n");
}

void actor_list(Out out, const std::vector<Actor>& actors) {
  fmt::format_to(out, "<ul class=\"actors\">\n");
  for (const Actor& actor : actors) {
    fmt::format_to(out, "<li><code>{}</code>", escape_markup(actor.name));
    if (!actor.kind.empty()) fmt::format_to(out, " ({})", escape_markup(actor.kind));
    if (actor.parent_name) fmt::format_to(out, ", started by <code>{}</code>", escape_markup(*actor.parent_name));
    if (!actor.operation.empty()) fmt::format_to(out, ": <code>{}</code>", escape_markup(actor.operation));
    fmt::format_to(out, "</li>\n");
  }
  fmt::format_to(out, "</ul>\n");
}

void reproduce_section(Out out, const TraceRecord& trace, std::string_view trace_path) {
  const bool holds = trace.verdict.status == VerdictStatus::holds;
  // schedule is a zero-based index: exploring schedule+1 schedules reaches it.
  const std::uint64_t schedules = holds ? trace.verdict.schedules.value_or(trace.schedule + 1) : trace.schedule + 1;
  fmt::format_to(out, "<h2>Reproduce</h2>\n<pre>");
  if (!holds) {
    fmt::format_to(out, "{}\n{}\n", escape_markup(replay_command(trace_path)),
                   escape_markup(postgres_replay_command(trace_path)));
  }
  fmt::format_to(out, "{}</pre>\n", escape_markup(explore_command(trace, schedules)));
}

}  // namespace

std::string render_html(const nlohmann::json& trace_json, std::string_view trace_path) {
  const TraceRecord trace = read_trace(trace_json);
  // Built in two steps: the ternary form trips GCC 12's maybe-uninitialized.
  std::optional<std::size_t> marked;
  if (trace.verdict.status != VerdictStatus::holds && trace.verdict.step) {
    marked = event_at_step(trace.events, *trace.verdict.step);
  }
  const bool holds = trace.verdict.status == VerdictStatus::holds;
  // A divergence is the model's defect, not a race in the application.
  const std::string heading =
      trace.verdict.status == VerdictStatus::divergence
          ? fmt::format("{} ({}, {} variant)", kDivergenceTitle, trace.scenario, trace.variant)
          : fmt::format("{} in {} ({} variant)", holds ? "No race found" : "Race", trace.title, trace.variant);

  std::string body;
  const Out out(body);
  fmt::format_to(out, "<h1>{}</h1>\n", escape_markup(heading));
  verdict_section(out, trace, marked);
  settings_list(out, trace);
  fmt::format_to(out, "<h2>Swimlanes</h2>\n");
  legend(out);
  fmt::format_to(out, "<div class=\"scroll\">\n{}</div>\n", render_swimlane_svg(trace, marked));
  cause_sentence(out, trace, marked);
  without_lanes(out, trace);
  fmt::format_to(out, "<h2>Events</h2>\n");
  event_table(out, trace.events, marked);
  fmt::format_to(out, "<h2>Actors</h2>\n");
  actor_list(out, trace.actors);
  reproduce_section(out, trace, trace_path);
  return html_page(heading, body);
}

}  // namespace interleave::reports
