#include "app/shard_merge.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/exit_codes.h"
#include "harness/text_file.h"

namespace interleave::app {

namespace {

using Json = nlohmann::ordered_json;

template <typename... Args>
CommandError bad_input(fmt::format_string<Args...> format, Args&&... args) {
  return CommandError{kExitBadInput, fmt::format(format, std::forward<Args>(args)...)};
}

struct Field {
  const char* key;
  bool (*valid)(const Json&);
  const char* expected;
  bool required;
};

bool is_string(const Json& value) { return value.is_string(); }
bool is_count(const Json& value) { return value.is_number_unsigned(); }
bool is_count_or_null(const Json& value) { return value.is_null() || value.is_number_unsigned(); }
bool is_seconds(const Json& value) { return value.is_number() && value.get<double>() >= 0; }

// What merge reads of an `explore --json` object.
constexpr Field kFields[] = {
    {"scenario", is_string, "a string", true},
    {"variant", is_string, "a string", true},
    {"strategy", is_string, "a string", true},
    {"depth", is_count, "a whole number", false},
    {"preemption_bound", is_count, "a whole number", false},
    {"reduction", is_string, "a string", false},
    {"seed", is_count, "a whole number", true},
    {"shard", is_string, "a string I/N", true},
    {"schedules", is_count, "a whole number", true},
    {"violations", is_count, "a whole number", true},
    {"first_violation_at", is_count_or_null, "a schedule index or null", true},
    {"elapsed_s", is_seconds, "a number of seconds", true},
    {"verdict", is_string, "a string", true},
    {"property", is_string, "a string", false},
    {"message", is_string, "a string", false},
    {"trace", is_string, "a path", false},
};

// The fields that say which exploration a shard belongs to.
constexpr const char* kIdentity[] = {"scenario",         "variant",   "strategy", "depth",
                                     "preemption_bound", "reduction", "seed"};

Json field_or_null(const Json& json, const char* key) { return json.contains(key) ? json[key] : Json(); }

}  // namespace

ShardSummary load_shard_summary(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) throw bad_input("{}: cannot read the file", path);
  ShardSummary summary{path, {}, {}};
  try {
    summary.json = Json::parse(*text);
  } catch (const Json::exception& error) {  // a syntax error, or a number too large (406)
    throw bad_input("{}: not JSON ({}); expected the output of `interleave explore --json`", path, error.what());
  }
  if (!summary.json.is_object()) {
    throw bad_input("{}: not a JSON object; expected the output of `interleave explore --json`", path);
  }
  for (const Field& field : kFields) {
    if (!summary.json.contains(field.key)) {
      if (!field.required) continue;
      throw bad_input("{}: no \"{}\"; expected the output of `interleave explore --json`", path, field.key);
    }
    if (!field.valid(summary.json[field.key])) {
      throw bad_input("{}: \"{}\" is {}, expected {}", path, field.key, summary.json[field.key].dump(),
                      field.expected);
    }
  }
  std::string shard = summary.json["shard"].get<std::string>();
  try {
    summary.shard = parse_shard(shard);
  } catch (const ShardError& error) {
    throw bad_input("{}: \"shard\" {}: {}", path, shard, error.what());
  }
  return summary;
}

void check_shards_of_one_exploration(const std::vector<ShardSummary>& shards) {
  if (shards.empty()) throw bad_input("no result files to merge");
  const ShardSummary& first = shards.front();
  for (const ShardSummary& shard : shards) {
    for (const char* key : kIdentity) {
      Json mine = field_or_null(shard.json, key);
      Json theirs = field_or_null(first.json, key);
      if (mine != theirs) {
        throw bad_input("{}: {} {} differs from {} in {}: the files are not shards of one exploration", shard.path,
                        key, mine.dump(), theirs.dump(), first.path);
      }
    }
    if (shard.shard.count != first.shard.count) {
      throw bad_input("{}: shard {} is one of {}, but {} is shard {}: the shard counts differ", shard.path,
                      to_string(shard.shard), shard.shard.count, first.path, to_string(first.shard));
    }
  }
  // Keyed by shard index; the count may be far larger than the files given.
  std::map<std::uint32_t, const ShardSummary*> owner;
  for (const ShardSummary& shard : shards) {
    auto [seen, inserted] = owner.emplace(shard.shard.index, &shard);
    if (!inserted) {
      throw bad_input("{} and {} are both shard {}: each shard must be given once", seen->second->path, shard.path,
                      to_string(shard.shard));
    }
  }
  std::uint64_t missing_count = first.shard.count - owner.size();
  if (missing_count == 0) return;
  constexpr std::size_t kListedMax = 10;
  std::vector<std::string> missing;
  for (std::uint32_t index = 0; index < first.shard.count && missing.size() < kListedMax; ++index) {
    if (!owner.contains(index)) missing.push_back(to_string(Shard{index, first.shard.count}));
  }
  std::vector<std::string> given;
  for (const auto& [index, shard] : owner) {
    given.push_back(fmt::format("{} = {}", shard->path, to_string(shard->shard)));
  }
  throw bad_input("{} of {} shards missing: {}{} (given: {})", missing_count, first.shard.count,
                  fmt::join(missing, ", "), missing_count > missing.size() ? ", ..." : "", fmt::join(given, ", "));
}

Json merge_shard_summaries(const std::vector<ShardSummary>& shards) {
  check_shards_of_one_exploration(shards);
  std::vector<const ShardSummary*> ordered;
  for (const ShardSummary& shard : shards) ordered.push_back(&shard);
  std::sort(ordered.begin(), ordered.end(),
            [](const ShardSummary* a, const ShardSummary* b) { return a->shard.index < b->shard.index; });

  std::uint64_t schedules = 0;
  std::uint64_t violations = 0;
  double elapsed_s = 0;
  const ShardSummary* earliest = nullptr;  // the shard with the smallest first_violation_at
  Json per_shard = Json::array();
  for (const ShardSummary* shard : ordered) {
    const Json& json = shard->json;
    schedules += json["schedules"].get<std::uint64_t>();
    violations += json["violations"].get<std::uint64_t>();
    elapsed_s = std::max(elapsed_s, json["elapsed_s"].get<double>());
    const Json& at = json["first_violation_at"];
    if (!at.is_null() &&
        (!earliest || at.get<std::uint64_t>() < earliest->json["first_violation_at"].get<std::uint64_t>())) {
      earliest = shard;
    }
    per_shard.push_back({{"file", shard->path},
                         {"shard", to_string(shard->shard)},
                         {"schedules", json["schedules"]},
                         {"elapsed_s", json["elapsed_s"]},
                         {"first_violation_at", at}});
  }

  const Json& first = ordered.front()->json;
  Json merged;
  for (const char* key : kIdentity) {
    if (first.contains(key)) merged[key] = first[key];
  }
  merged["shards"] = ordered.front()->shard.count;
  merged["schedules"] = schedules;
  merged["violations"] = violations;
  merged["first_violation_at"] = earliest ? earliest->json["first_violation_at"] : Json();
  merged["elapsed_s"] = elapsed_s;
  merged["schedules_per_s"] = elapsed_s > 0 ? static_cast<double>(schedules) / elapsed_s : 0.0;
  if (earliest) {
    for (const char* key : {"verdict", "property", "message"}) merged[key] = earliest->json.value(key, "");
    merged["first_violation_shard"] = to_string(earliest->shard);
    if (earliest->json.contains("trace")) merged["trace"] = earliest->json["trace"];
  } else {
    merged["verdict"] = "holds";
  }
  merged["per_shard"] = std::move(per_shard);
  return merged;
}

}  // namespace interleave::app
