#include "reports/variant_evidence.h"

#include <fmt/format.h>

namespace interleave::reports {

VariantEvidence variant_evidence(const nlohmann::json& entry) {
  VariantEvidence evidence;
  evidence.scenario = summary_field<std::string>(entry, "scenario", "");
  evidence.variant = summary_field<std::string>(entry, "variant", "");
  evidence.verdict = summary_field<std::string>(entry, "verdict", "holds");
  evidence.property = summary_field<std::string>(entry, "property", "");
  evidence.strategy = summary_field<std::string>(entry, "strategy", "");
  evidence.seed = summary_field<std::uint64_t>(entry, "seed", 0);
  evidence.schedules = summary_field<std::uint64_t>(entry, "schedules", 0);
  if (summary_field<bool>(entry, "exhausted", false)) {
    evidence.exhausted_bound = summary_field<std::uint32_t>(entry, "preemption_bound", 0);
  }
  if (auto searches = entry.find("searches"); searches != entry.end()) evidence.searches = searches_text(*searches);
  if (auto postgres = entry.find("postgres"); postgres != entry.end() && postgres->is_object()) {
    evidence.postgres = summary_field<std::string>(*postgres, "status", "");
    evidence.postgres_replays = summary_field<std::uint64_t>(*postgres, "replays", 0);
  }
  return evidence;
}

std::string searches_text(const nlohmann::json& searches) {
  if (!searches.is_array()) return "";
  std::string text;
  for (const nlohmann::json& search : searches) {
    if (!search.is_object()) continue;
    const std::string strategy = summary_field<std::string>(search, "strategy", "?");
    text += fmt::format("{}{}", text.empty() ? "" : ", ", strategy);
    if (search.contains("depth")) text += fmt::format(" d{}", summary_field<std::uint32_t>(search, "depth", 0));
    text += fmt::format(" {}", summary_field<std::uint64_t>(search, "schedules", 0));
    if (strategy == "dfs") {
      text += fmt::format(" (bound {}, {})", summary_field<std::uint32_t>(search, "preemption_bound", 0),
                          summary_field<bool>(search, "exhausted", false) ? "exhausted" : "not exhausted");
    }
    if (auto first = search.find("first_violation_at"); first != search.end() && first->is_number_unsigned()) {
      text += fmt::format(" (violation at {})", first->get<std::uint64_t>());
    }
  }
  return text;
}

std::string postgres_sentence(const VariantEvidence& evidence) {
  if (evidence.postgres.empty()) return "";
  if (evidence.postgres == "confirmed") {
    return evidence.verdict == "holds"
               ? fmt::format("; confirmed on PostgreSQL ({} schedules replayed there in lockstep)",
                             evidence.postgres_replays)
               : "; confirmed on PostgreSQL (the trace reproduces there)";
  }
  return fmt::format("; on PostgreSQL: {}", evidence.postgres);
}

std::string evidence_sentence(const VariantEvidence& evidence) {
  const std::string search =
      evidence.strategy == "dfs"       ? "dfs"
      : !evidence.searches.empty() ? fmt::format("{}, seed {}: {}", evidence.strategy, evidence.seed, evidence.searches)
                                   : fmt::format("{}, seed {}", evidence.strategy, evidence.seed);
  if (evidence.verdict == "holds") {
    if (evidence.exhausted_bound) {
      return fmt::format("`{}` holds: every schedule with at most {} preemptions ({} schedules, dfs, exhausted){}",
                         evidence.variant, *evidence.exhausted_bound, evidence.schedules, postgres_sentence(evidence));
    }
    return fmt::format("`{}` holds: no violation in {} schedules ({}){}", evidence.variant, evidence.schedules, search,
                       postgres_sentence(evidence));
  }
  const std::string broken = evidence.property.empty() ? evidence.verdict : "`" + evidence.property + "`";
  return fmt::format("`{}` fails {} after {} schedules ({}){}", evidence.variant, broken, evidence.schedules, search,
                     postgres_sentence(evidence));
}

}  // namespace interleave::reports
