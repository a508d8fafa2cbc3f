#pragma once
// What a run found for each variant of a scenario, so that a race report can
// say which variant holds and how much search backs that: the reader of a
// seed race's report sees the fix next to the bug.
//
// Example (from hunt's summary.json):
//   std::vector<VariantEvidence> others;
//   for (const auto& entry : summary) others.push_back(variant_evidence(entry));
//   render_markdown(trace, "trace.json", others);

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace interleave::reports {

struct VariantEvidence {
  std::string scenario;
  std::string variant;
  std::string verdict = "holds";  // "holds", "violation", "deadlock", ...
  std::string property;           // the property a failing verdict broke
  std::string strategy;
  std::uint64_t seed = 0;
  std::uint64_t schedules = 0;
  // Set when dfs exhausted every schedule with at most this many preemptions.
  std::optional<std::uint32_t> exhausted_bound;
  // A portfolio's searches as searches_text writes them; empty otherwise.
  std::string searches;
  // hunt --confirm-postgres: "confirmed", "DIVERGES", ... (empty: not asked),
  // and how many schedules ran on the server.
  std::string postgres;
  std::uint64_t postgres_replays = 0;
};

// A field of a summary entry, or `fallback` when it is missing, null or of
// another type: the run's own files are read leniently.
template <typename T>
T summary_field(const nlohmann::json& entry, const char* key, T fallback) {
  auto found = entry.find(key);
  if (found == entry.end() || found->is_null()) return fallback;
  try {
    return found->get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

// From one entry of hunt's or explore's JSON summary; missing fields keep
// their defaults.
VariantEvidence variant_evidence(const nlohmann::json& summary_entry);

// A portfolio's "searches" (hunt's summary.json) in words: "random 37500,
// pct d1 12500, pct d2 12500 (violation at 40)" and for dfs "dfs 25000
// (bound 2, exhausted)". Empty when `searches` is not an array.
std::string searches_text(const nlohmann::json& searches);

// One line for a report: "`fixed` holds: no violation in 100000 schedules
// (random, seed 1)", "`alt` fails `unique-slugs` after 2 schedules (...)",
// with "; confirmed on PostgreSQL (...)" when hunt checked it there.
std::string evidence_sentence(const VariantEvidence& evidence);
// "; confirmed on PostgreSQL (...)", or empty when not checked there.
std::string postgres_sentence(const VariantEvidence& evidence);

}  // namespace interleave::reports
