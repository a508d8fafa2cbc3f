#include "reports/variant_evidence.h"

#include <fmt/format.h>

namespace interleave::reports {
namespace {

template <typename T>
T value_or(const nlohmann::json& entry, const char* key, T fallback) {
  auto found = entry.find(key);
  if (found == entry.end() || found->is_null()) return fallback;
  try {
    return found->get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

}  // namespace

VariantEvidence variant_evidence(const nlohmann::json& entry) {
  VariantEvidence evidence;
  evidence.scenario = value_or<std::string>(entry, "scenario", "");
  evidence.variant = value_or<std::string>(entry, "variant", "");
  evidence.verdict = value_or<std::string>(entry, "verdict", "holds");
  evidence.property = value_or<std::string>(entry, "property", "");
  evidence.strategy = value_or<std::string>(entry, "strategy", "");
  evidence.seed = value_or<std::uint64_t>(entry, "seed", 0);
  evidence.schedules = value_or<std::uint64_t>(entry, "schedules", 0);
  if (value_or<bool>(entry, "exhausted", false)) {
    evidence.exhausted_bound = value_or<std::uint32_t>(entry, "preemption_bound", 0);
  }
  return evidence;
}

std::string evidence_sentence(const VariantEvidence& evidence) {
  const std::string search =
      evidence.strategy == "dfs" ? "dfs" : fmt::format("{}, seed {}", evidence.strategy, evidence.seed);
  if (evidence.verdict == "holds") {
    if (evidence.exhausted_bound) {
      return fmt::format("`{}` holds: every schedule with at most {} preemptions ({} schedules, dfs, exhausted)",
                         evidence.variant, *evidence.exhausted_bound, evidence.schedules);
    }
    return fmt::format("`{}` holds: no violation in {} schedules ({})", evidence.variant, evidence.schedules, search);
  }
  const std::string broken = evidence.property.empty() ? evidence.verdict : "`" + evidence.property + "`";
  return fmt::format("`{}` fails {} after {} schedules ({})", evidence.variant, broken, evidence.schedules, search);
}

}  // namespace interleave::reports
