#include "app/strategy_registry.h"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/exploration.h"
#include "harness/dfs_strategy.h"
#include "harness/pct_strategy.h"
#include "harness/random_strategy.h"

namespace interleave::app {

namespace {

std::unique_ptr<Strategy> make_random(const ProgramFactory&, const ExplorationSettings& settings) {
  return std::make_unique<RandomStrategy>(settings.seed);
}

// PCT draws its change points from k, the decisions of one probe schedule.
std::unique_ptr<Strategy> make_pct(const ProgramFactory& probe, const ExplorationSettings& settings) {
  return std::make_unique<PctStrategy>(settings.seed, settings.depth, probe_schedule(probe, settings).decisions);
}

std::unique_ptr<Strategy> make_dfs(const ProgramFactory&, const ExplorationSettings& settings) {
  return std::make_unique<DfsStrategy>(dfs_options(settings));
}

void describe_nothing(const ExplorationSettings&, nlohmann::ordered_json&) {}

void describe_pct(const ExplorationSettings& settings, nlohmann::ordered_json& json) {
  json["depth"] = settings.depth;
}

void describe_dfs(const ExplorationSettings& settings, nlohmann::ordered_json& json) {
  json["preemption_bound"] = settings.preemption_bound;
  json["reduction"] = settings.reduction ? "sleep-sets" : "none";
}

}  // namespace

const std::vector<StrategyEntry>& strategy_registry() {
  static const std::vector<StrategyEntry> entries = {
      {.name = "random", .phase = "explore", .exhaustive = false, .make = make_random, .describe = describe_nothing},
      {.name = "pct", .phase = "pct", .exhaustive = false, .make = make_pct, .describe = describe_pct},
      {.name = "dfs", .phase = "dfs", .exhaustive = true, .make = make_dfs, .describe = describe_dfs},
  };
  return entries;
}

const StrategyEntry& strategy_entry(std::string_view name) {
  for (const StrategyEntry& entry : strategy_registry()) {
    if (entry.name == name) return entry;
  }
  throw std::invalid_argument(
      fmt::format("unknown strategy '{}' (strategies: {})", name, fmt::join(strategy_names(), ", ")));
}

std::vector<std::string> strategy_names(bool server) {
  std::vector<std::string> names;
  for (const StrategyEntry& entry : strategy_registry()) {
    if (!server || !entry.exhaustive) names.emplace_back(entry.name);
  }
  return names;
}

bool is_portfolio(std::string_view name) { return name == "portfolio"; }

std::vector<std::string> explore_strategy_names() {
  std::vector<std::string> names = strategy_names();
  names.emplace_back("portfolio");
  return names;
}

bool server_can_follow(std::string_view name) {
  return !is_portfolio(name) && !strategy_entry(name).exhaustive;
}

}  // namespace interleave::app
