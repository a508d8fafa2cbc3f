#include "reports/markdown_report.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/divergence_account.h"
#include "reports/failure_words.h"
#include "reports/reproduce.h"
#include "reports/sequence_diagram.h"
#include "reports/timeline.h"
#include "reports/trace_record.h"

namespace interleave::reports {
namespace {

using Out = std::back_insert_iterator<std::string>;

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
  // A divergence is interleave's own defect, filed apart from the races.
  const bool divergence = trace.verdict.status == VerdictStatus::divergence;
  fmt::format_to(out,
                 "---\nstatus: {}\npriority: {}\nissue_id: {}\n"
                 "tags: [{}, interleave, {}]\ndependencies: []\n---\n\n",
                 open ? "pending" : "complete", divergence ? "p2" : "p1", issue_id,
                 divergence ? "model-fidelity" : "race-condition", trace.scenario);
}

void explore_line(Out out, const TraceRecord& trace, std::uint64_t schedules) {
  fmt::format_to(out, "{}\n", explore_command(trace, schedules));
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

// The scenario's other variants: the fix beside the bug, with the search
// behind it.
void fix_verification(Out out, const TraceRecord& trace, std::span<const VariantEvidence> others,
                      const std::string& property) {
  std::vector<const VariantEvidence*> shown;
  const VariantEvidence* own = nullptr;  // this race's variant, when hunt confirmed it on a server
  for (const VariantEvidence& evidence : others) {
    if (evidence.scenario != trace.scenario) continue;
    if (evidence.variant != trace.variant) {
      shown.push_back(&evidence);
    } else if (!evidence.postgres.empty()) {
      own = &evidence;
    }
  }
  if (shown.empty() && !own) return;
  fmt::format_to(out, "\n## Fix Verification\n");
  // postgres_sentence starts "; " to follow a sentence; here it stands alone.
  if (own) fmt::format_to(out, "- `{}`, this race: {}\n", own->variant, postgres_sentence(*own).substr(2));
  for (const VariantEvidence* evidence : shown) fmt::format_to(out, "- {}\n", evidence_sentence(*evidence));
  for (const VariantEvidence* evidence : shown) {
    if (evidence->verdict != "holds") continue;
    fmt::format_to(out, "\nVariant `{}` is the fix to follow: `{}` held in every schedule searched there.\n",
                   evidence->variant, property);
    break;
  }
}

void failure_report(Out out, const TraceRecord& trace, std::string_view trace_path,
                    std::span<const VariantEvidence> others) {
  const Verdict& verdict = trace.verdict;
  const FailureWords words = failure_words(verdict.status);
  const std::string property = failed_property(verdict);
  const std::optional<TimelineMark> mark = verdict_mark(trace);

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
  fmt::format_to(out, "{}", render_timeline(trace.events, mark));
  // The same race as a diagram GitHub and GitLab draw.
  fmt::format_to(out, "\n**Sequence Diagram:**\n{}", render_sequence_diagram(trace.events, mark));

  fmt::format_to(out, "\n## Property Violated\n`{}`", property);
  if (verdict.step) fmt::format_to(out, ", checked after step {}", *verdict.step);
  if (mark) fmt::format_to(out, " (timeline {})", timeline_label(mark->event_index));
  fmt::format_to(out, "{}\n", verdict.message.empty() ? "." : ":");
  if (!verdict.message.empty()) {
    fmt::format_to(out, "\n");
    blockquote(out, verdict.message);
  }

  fix_verification(out, trace, others, property);

  fmt::format_to(out, "\n## Reproduce\n```\n{}\n", replay_command(trace_path));
  fmt::format_to(out, "# the same interleaving on a real PostgreSQL (PG* environment, or --dsn):\n{}\n",
                 postgres_replay_command(trace_path));
  // schedule is a zero-based index: exploring schedule+1 schedules reaches it.
  explore_line(out, trace, trace.schedule + 1);
  fmt::format_to(out,
                 "```\n\n## Acceptance Criteria\n"
                 "- [ ] {} holds for variant {} under interleave explore\n"
                 "- [ ] The trace above no longer reproduces (interleave replay exits 0)\n",
                 property, trace.variant);
}

// Not a race: the model and the server disagreed, and the schedule stopped
// there before any property of the application was judged.
void divergence_report(Out out, const TraceRecord& trace, std::string_view trace_path) {
  const DivergenceAccount account = divergence_account(trace.verdict.message);
  fmt::format_to(out, "# {}\n\n", kDivergenceTitle);
  fmt::format_to(out,
                 "Schedule {} of `{}` ({} variant), found by the {} strategy with seed {}, ran in lockstep on the "
                 "model and on a real PostgreSQL, and the two answered a statement differently. This is a defect of "
                 "interleave's model of PostgreSQL, not a race in the application: the schedule stopped at the "
                 "disagreement, and no property of the application was judged.\n",
                 trace.schedule, trace.scenario, trace.variant, trace.strategy, trace.seed);
  fmt::format_to(out, "\n## What Disagreed\n");
  blockquote(out, trace.verdict.message);
  if (!account.model.empty()) {
    fmt::format_to(out, "\n");
    if (!account.where.empty()) fmt::format_to(out, "- Where: {}\n", account.where);
    if (!account.statement.empty()) fmt::format_to(out, "- Statement: `{}`\n", account.statement);
    fmt::format_to(out, "- The model: {}\n- PostgreSQL: {}\n", account.model, account.server);
  }
  const std::vector<std::string> waits = divergence_waits(trace);
  fmt::format_to(out, "\n## Waits\n");
  if (waits.empty()) fmt::format_to(out, "No statement waited in the model before the divergence.\n");
  for (const std::string& wait : waits) fmt::format_to(out, "- {}\n", wait);

  fmt::format_to(out, "\n## Findings\n");
  settings_bullets(out, trace);
  fmt::format_to(out, "- Schedule index: {}\n- Steps: {} ({} events, up to the divergence)\n", trace.schedule,
                 step_count(trace.events), trace.events.size());
  actor_bullets(out, trace.actors);
  fmt::format_to(out, "\n**Timeline up to the divergence:**\n");
  fmt::format_to(out, "{}", render_timeline(trace.events, verdict_mark(trace)));

  fmt::format_to(out, "\n## Reproduce\n```\n# the same interleaving in lockstep on a real PostgreSQL (PG* "
                      "environment, or --dsn):\n{}\n",
                 postgres_replay_command(trace_path));
  fmt::format_to(out, "# the model alone, up to the divergence:\n{}\n{}\n```\n", replay_command(trace_path),
                 postgres_explore_command(trace));
  fmt::format_to(out,
                 "\n## What To Do\n"
                 "Write the disagreement as a conformance permutation (tests/conformance), run it on PostgreSQL "
                 "first, and fix the model (model/db) until both backends give PostgreSQL's answer. The "
                 "expectation is what PostgreSQL does, never what the model does.\n");
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
  explore_line(out, trace, verdict.schedules.value_or(trace.schedule + 1));
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
  return render_markdown(trace, trace_path, {});
}

std::string render_markdown(const nlohmann::json& trace, std::string_view trace_path,
                            std::span<const VariantEvidence> other_variants) {
  const TraceRecord record = read_trace(trace);
  const bool holds = record.verdict.status == VerdictStatus::holds;
  std::string report;
  const Out out(report);
  front_matter(out, record, !holds);
  if (holds) {
    holds_report(out, record);
  } else if (record.verdict.status == VerdictStatus::divergence) {
    divergence_report(out, record, trace_path);
  } else {
    failure_report(out, record, trace_path, other_variants);
  }
  return report;
}

}  // namespace interleave::reports
