#pragma once
// The strategies explore, hunt and fidelity run, by name: how each is made
// from the settings, what of the settings its summary shows, and how its
// search splits. The command line checks names against this table instead
// of comparing strings of its own.
//
// Example:
//   const StrategyEntry& entry = strategy_entry("pct");
//   auto strategy = entry.make(factory, settings);
//   if (entry.exhaustive) ...;  // runs until its bounded space is exhausted

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/explorer.h"

namespace interleave::app {

struct ExplorationSettings;

struct StrategyEntry {
  std::string_view name;   // as on the command line and in traces
  std::string_view phase;  // what the progress line calls its search
  // Searches a bounded space to its end (dfs): it deals its own shards, its
  // schedule indices are its own, and a server cannot keep up with it.
  bool exhaustive = false;
  std::unique_ptr<Strategy> (*make)(const ProgramFactory& probe, const ExplorationSettings& settings) = nullptr;
  // Adds the settings it reads (pct: depth; dfs: bound, reduction) to a summary.
  void (*describe)(const ExplorationSettings& settings, nlohmann::ordered_json& json) = nullptr;
};

// random, pct, dfs, in that order.
const std::vector<StrategyEntry>& strategy_registry();

// Requires: `name` is one of strategy_names() (the command line checks it);
// throws std::invalid_argument naming the valid ones otherwise.
const StrategyEntry& strategy_entry(std::string_view name);

// The names; with `server` only those a PostgreSQL mirror can follow.
std::vector<std::string> strategy_names(bool server = false);

// "portfolio" is not one strategy but a share of the budget for each
// (app/portfolio.h); explore and hunt take it beside the names above.
bool is_portfolio(std::string_view name);

// strategy_names() and "portfolio": what --strategy of explore accepts.
std::vector<std::string> explore_strategy_names();

// A PostgreSQL mirror follows random and pct; dfs (alone or in the
// portfolio) exhausts far more schedules than a server runs.
bool server_can_follow(std::string_view name);

}  // namespace interleave::app
