// interleave merge RESULT.json...: one summary of an exploration run as N
// shards (`explore --shard I/N --json`), with explore's exit codes.

#include <fmt/format.h>

#include "cli/commands.h"
#include "app/exit_codes.h"
#include "app/shard_merge.h"

namespace interleave::cli {

namespace {

void print_text(const nlohmann::ordered_json& merged) {
  std::string name = fmt::format("{} {}", merged["scenario"].get<std::string>(), merged["variant"].get<std::string>());
  auto schedules = merged["schedules"].get<std::uint64_t>();
  auto shards = merged["shards"].get<std::uint32_t>();
  auto elapsed_s = merged["elapsed_s"].get<double>();
  if (merged["first_violation_at"].is_null()) {
    fmt::print("{}: every property held over {} schedules in {} shards (slowest {:.2f} s, {:.0f} schedules/s)\n",
               name, schedules, shards, elapsed_s, merged["schedules_per_s"].get<double>());
  } else {
    fmt::print("{}: {} {} at schedule {} (shard {}); {} violations over {} schedules in {} shards (slowest {:.2f} s)\n",
               name, merged["verdict"].get<std::string>(), merged["property"].get<std::string>(),
               merged["first_violation_at"].get<std::uint64_t>(), merged["first_violation_shard"].get<std::string>(),
               merged["violations"].get<std::uint64_t>(), schedules, shards, elapsed_s);
    fmt::print("  {}\n", merged["message"].get<std::string>());
    if (merged.contains("trace")) fmt::print("  trace: {}\n", merged["trace"].get<std::string>());
  }
  for (const auto& shard : merged["per_shard"]) {
    fmt::print("  shard {}: {} schedules in {:.2f} s ({})\n", shard["shard"].get<std::string>(),
               shard["schedules"].get<std::uint64_t>(), shard["elapsed_s"].get<double>(),
               shard["file"].get<std::string>());
  }
}

}  // namespace

void add_merge_command(CLI::App& app, Command& run) {
  struct Flags {
    std::vector<std::string> results;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "merge", "Combine the --json results of `explore --shard I/N` (shards 0..N-1, each once) into one summary");
  command->add_option("results", flags->results, "The shards' `explore --json` outputs, one file each")->required();
  command->add_flag("--json", flags->json, "Print one JSON object with the combined statistics");
  command->callback([&run, flags] {
    run = [flags] {
      std::vector<ShardSummary> shards;
      for (const std::string& path : flags->results) shards.push_back(load_shard_summary(path));
      nlohmann::ordered_json merged = merge_shard_summaries(shards);
      if (flags->json) {
        fmt::print("{}\n", merged.dump());
      } else {
        print_text(merged);
      }
      return merged["violations"].get<std::uint64_t>() > 0 ? kExitViolation : kExitHolds;
    };
  });
}

}  // namespace interleave::cli
