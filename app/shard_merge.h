#pragma once
// Combines the `explore --shard I/N --json` outputs of one exploration into
// the summary an unsharded run would print.
//
// Requires every input to come from the same scenario, variant, strategy
// (with pct's depth, dfs's preemption bound and reduction) and seed, and
// the shards 0/N … N-1/N each exactly once.
// Guarantees: schedules and violations are the sums; first_violation_at is
// the smallest schedule index any shard failed at (each shard stops at its
// first violation, so no shard can hide an earlier one), with that shard's
// verdict and trace; schedules_per_s is the total over the slowest shard's
// time, the wall time of shards that run side by side.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/shard.h"

namespace interleave::app {

struct ShardSummary {
  std::string path;  // the file it came from, for messages
  nlohmann::ordered_json json;
  Shard shard;
};

// Reads one `explore --json` output. Throws CommandError(kExitBadInput)
// naming the file when it cannot be read, is not JSON, or lacks a field.
ShardSummary load_shard_summary(const std::string& path);

// Throws CommandError(kExitBadInput) naming the file when the summaries are
// not the shards of one exploration, each exactly once.
void check_shards_of_one_exploration(const std::vector<ShardSummary>& shards);

// The merged summary: scenario, variant, strategy, [depth, preemption_bound,
// reduction], seed, shards,
// schedules, violations, first_violation_at, elapsed_s, schedules_per_s,
// verdict [, property, message, first_violation_shard, trace], and
// per_shard (file, shard, schedules, elapsed_s, first_violation_at).
nlohmann::ordered_json merge_shard_summaries(const std::vector<ShardSummary>& shards);

}  // namespace interleave::app
