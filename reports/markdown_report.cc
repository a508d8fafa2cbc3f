#include "reports/markdown_report.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {
namespace {

using Out = std::back_insert_iterator<std::string>;

// How a failing verdict reads in the report. Only a violation names its
// property in the trace; the other failures break an implicit one, named
// here so that the acceptance criteria still say what must hold.
struct FailureWords {
  std::string_view marker;            // Timeline marker after "◀ ".
  std::string_view verb;              // "<the schedule> <verb> `<property>`".
  std::string_view implied_property;  // When the verdict names none.
};

FailureWords failure_words(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::violation:
      return {"VIOLATION", "violates", "the property"};
    case VerdictStatus::deadlock:
      return {"DEADLOCK", "deadlocks, breaking", "deadlock-freedom"};
    case VerdictStatus::budget_exceeded:
      return {"BUDGET EXCEEDED", "runs past its step budget, breaking",
              "termination-within-budget"};
    case VerdictStatus::crash:
      return {"CRASH", "crashes, breaking", "no-crash"};
    case VerdictStatus::holds:
      break;
  }
  assert(false && "a holding verdict has no failure words");
  return {};
}

// Shell words are quoted only when needed, so that the common case stays
// readable and a path with spaces still pastes into a shell unchanged.
std::string shell_word(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A verdict message may span lines; each must carry the quote marker.
void blockquote(Out out, std::string_view text) {
  fmt::format_to(out, "> ");
  for (const char c : text) {
    *out++ = c;
    if (c == '\n') fmt::format_to(out, "> ");
  }
  fmt::format_to(out, "\n");
}

void front_matter(Out out, const TraceRecord& trace, bool open) {
  // A JSON string is also a valid YAML double-quoted scalar, so dumping the
  // id quotes and escapes it correctly for any content.
  const std::string issue_id =
      nlohmann::json(trace.report).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  fmt::format_to(out,
                 "---\nstatus: {}\npriority: p1\nissue_id: {}\n"
                 "tags: [race-condition, interleave, {}]\ndependencies: []\n---\n\n",
                 open ? "pending" : "complete", issue_id, trace.scenario);
}

void explore_command(Out out, const TraceRecord& trace, std::uint64_t schedules) {
  fmt::format_to(out, "interleave explore {} --variant {} --strategy {} --seed {} --schedules {}\n",
                 shell_word(trace.scenario), shell_word(trace.variant),
                 shell_word(trace.strategy), trace.seed, schedules);
}

void settings_bullets(Out out, const TraceRecord& trace) {
  fmt::format_to(out, "- Scenario: `{}`\n- Variant: `{}`\n- Strategy: `{}`\n- Seed: {}\n",
                 trace.scenario, trace.variant, trace.strategy, trace.seed);
}

void actor_bullets(Out out, const std::vector<Actor>& actors) {
  fmt::format_to(out, "- Actors:\n");
  for (const Actor& actor : actors) {
    std::string details = actor.kind;
    if (actor.parent_name) {
      if (!details.empty()) details += ", ";
      details += fmt::format("started by `{}`", *actor.parent_name);
    }
    fmt::format_to(out, "  - `{}`", actor.name);
    if (!details.empty()) fmt::format_to(out, " ({})", details);
    if (!actor.operation.empty()) fmt::format_to(out, ": `{}`", actor.operation);
    fmt::format_to(out, "\n");
  }
}

// Steps are numbered from zero, so the count is one past the highest.
std::uint64_t step_count(const std::vector<Event>& events) {
  std::uint64_t count = 0;
  for (const Event& event : events) count = std::max(count, event.step + 1);
  return count;
}

void failure_report(Out out, const TraceRecord& trace, std::string_view trace_path) {
  const Verdict& verdict = trace.verdict;
  const FailureWords words = failure_words(verdict.status);
  const std::string property = verdict.property.value_or(std::string(words.implied_property));
  // Built in two steps: the ternary form trips GCC 12's maybe-uninitialized.
  std::optional<std::size_t> marked;
  if (verdict.step) marked = event_at_step(trace.events, *verdict.step);

  fmt::format_to(out, "# Race in {} ({} variant)\n\n## Problem Statement\n", trace.title,
                 trace.variant);
  fmt::format_to(out,
                 "Schedule {} of `{}` ({} variant), found by the {} strategy with seed {}, "
                 "{} `{}`.\n",
                 trace.schedule, trace.scenario, trace.variant, trace.strategy, trace.seed,
                 words.verb, property);
  if (!verdict.message.empty()) {
    fmt::format_to(out, "\n");
    blockquote(out, verdict.message);
  }

  fmt::format_to(out, "\n## Findings\n");
  settings_bullets(out, trace);
  fmt::format_to(out, "- Schedule index: {}\n- Steps: {} ({} events)\n", trace.schedule,
                 step_count(trace.events), trace.events.size());
  actor_bullets(out, trace.actors);
  fmt::format_to(out, "\n**Race Condition Timeline:**\n");
  const auto mark =
      marked ? std::optional(TimelineMark{*marked, words.marker}) : std::nullopt;
  fmt::format_to(out, "{}", render_timeline(trace.events, mark));

  fmt::format_to(out, "\n## Property Violated\n`{}`", property);
  if (verdict.step) fmt::format_to(out, ", checked after step {}", *verdict.step);
  if (marked) fmt::format_to(out, " (timeline {})", timeline_label(*marked));
  fmt::format_to(out, "{}\n", verdict.message.empty() ? "." : ":");
  if (!verdict.message.empty()) {
    fmt::format_to(out, "\n");
    blockquote(out, verdict.message);
  }

  fmt::format_to(out, "\n## Reproduce\n```\ninterleave replay {}\n", shell_word(trace_path));
  // schedule is a zero-based index: exploring schedule+1 schedules reaches it.
  explore_command(out, trace, trace.schedule + 1);
  fmt::format_to(out,
                 "```\n\n## Acceptance Criteria\n"
                 "- [ ] {} holds for variant {} under interleave explore\n"
                 "- [ ] The trace above no longer reproduces (interleave replay exits 0)\n",
                 property, trace.variant);
}

void holds_report(Out out, const TraceRecord& trace) {
  const Verdict& verdict = trace.verdict;
  const std::string property =
      verdict.property ? fmt::format("`{}`", *verdict.property) : "Every property";
  fmt::format_to(out, "# No race found in {} ({} variant)\n\n## Result\n", trace.title,
                 trace.variant);
  if (verdict.schedules) {
    fmt::format_to(out, "{} held in all {} schedules explored.\n", property, *verdict.schedules);
  } else {
    fmt::format_to(out, "{} held in every schedule explored.\n", property);
  }
  if (!verdict.message.empty()) {
    fmt::format_to(out, "\n");
    blockquote(out, verdict.message);
  }

  fmt::format_to(out, "\n## Findings\n");
  settings_bullets(out, trace);
  if (verdict.schedules) fmt::format_to(out, "- Schedules explored: {}\n", *verdict.schedules);

  fmt::format_to(out, "\n## Reproduce\n```\n");
  explore_command(out, trace, verdict.schedules.value_or(trace.schedule + 1));
  fmt::format_to(out,
                 "```\n\n## Acceptance Criteria\n"
                 "- [x] {} holds for variant {} under interleave explore\n",
                 verdict.property.value_or("every property"), trace.variant);
}

}  // namespace

std::string render_markdown(const nlohmann::json& trace) {
  return render_markdown(trace, "trace.json");
}

std::string render_markdown(const nlohmann::json& trace, std::string_view trace_path) {
  const TraceRecord record = read_trace(trace);
  const bool holds = record.verdict.status == VerdictStatus::holds;
  std::string report;
  const Out out(report);
  front_matter(out, record, !holds);
  if (holds) {
    holds_report(out, record);
  } else {
    failure_report(out, record, trace_path);
  }
  return report;
}

}  // namespace interleave::reports
