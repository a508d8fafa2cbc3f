#include "app/exploration.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "app/portfolio.h"
#include "app/strategy_registry.h"
#include "harness/parallel_dfs.h"
#include "harness/parallel_explorer.h"
#include "harness/random_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/operations.h"
#include "scenarios/scenario_program.h"

namespace interleave::app {

ScheduleShape probe_schedule(const ProgramFactory& factory, const ExplorationSettings& settings) {
  RandomStrategy probe(settings.seed);
  probe.begin_schedule(0);
  auto program = factory();
  Execution exec(probe, {.max_steps = settings.max_steps}, /*record_events=*/false);
  exec.run(*program);
  auto decisions = std::count_if(exec.choices().begin(), exec.choices().end(),
                                 [](const Choice& choice) { return choice.kind == Choice::Kind::kActor; });
  return {.actors = exec.actors().size(), .decisions = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(decisions))};
}

DfsOptions dfs_options(const ExplorationSettings& settings) {
  return {.preemption_bound = settings.preemption_bound,
          .reduction = settings.reduction,
          .shard_index = settings.shard.index,
          .shard_count = settings.shard.count};
}

namespace {

// On settings.jobs threads: a tally per part (a block of schedules, a dfs
// task), summed over the parts that count, so the faults are those of one
// thread.
ExploreResult explore_in_parallel(const scenarios::Scenario& scenario, const std::string& variant,
                                  const ExplorationSettings& settings, const ExploreOptions& options,
                                  const std::shared_ptr<scenarios::ScenarioTally>& tally) {
  std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<scenarios::ScenarioTally>> tallies;
  const StrategyEntry& entry = strategy_entry(settings.strategy);
  ParallelSetup setup;
  setup.jobs = settings.jobs;
  // Each thread's own; pct probes one schedule for it (not tallied).
  setup.strategy = [&] { return entry.make(scenarios::program_factory(scenario, variant), settings); };
  setup.factory = [&](std::uint64_t block) {
    std::shared_ptr<scenarios::ScenarioTally> counted;
    if (tally) {
      counted = std::make_shared<scenarios::ScenarioTally>();
      std::lock_guard lock(mutex);
      tallies.emplace(block, counted);
    }
    return scenarios::program_factory(scenario, variant, std::move(counted), settings.observer);
  };
  const TraceHeader header = scenarios::trace_header(scenario, variant);
  ParallelExploreResult run =
      entry.exhaustive
          ? explore_dfs_parallel({.jobs = settings.jobs, .options = dfs_options(settings), .factory = setup.factory},
                                 header, options)
          : explore_parallel(setup, header, options);
  if (tally) {
    for (std::uint64_t part : run.counted) {
      const scenarios::ScenarioTally& counted = *tallies.at(part);
      for (std::size_t kind = 0; kind < tally->faults.size(); ++kind) tally->faults[kind] += counted.faults[kind];
      tally->schedules_with_faults += counted.schedules_with_faults;
    }
  }
  return std::move(run.result);
}

}  // namespace

ExploreResult explore_variant(const scenarios::Scenario& scenario, const std::string& variant,
                              const ExplorationSettings& settings,
                              std::shared_ptr<scenarios::ScenarioTally> tally) {
  if (is_portfolio(settings.strategy)) return explore_portfolio(scenario, variant, settings, std::move(tally));
  ExploreOptions options;
  options.seed = settings.seed;
  options.schedules = settings.schedules;
  options.keep_going = settings.keep_going;
  // A schedule mirrored on a server is kept as it ran: a second run there
  // may take another turn where the server's timing decides.
  options.record_events = settings.observer != nullptr;
  options.limits.max_steps = settings.max_steps;
  const StrategyEntry& entry = strategy_entry(settings.strategy);
  // dfs splits its own search tree; the others split schedule indices.
  if (!entry.exhaustive) options.shard = settings.shard;
  options.schedule_ran = settings.schedule_ran;
  options.progress_every = settings.progress_every;
  options.stop_requested = settings.stop_requested;
  if (ProgressMeter* meter = settings.meter) {
    meter->phase(std::string(entry.phase),
                 settings.shard.owned_below(settings.schedules));
    options.progress = [meter](std::uint64_t done) { meter->advance(done); };
    // Often enough for a slow scenario to move the line every second.
    options.progress_every = std::min<std::uint64_t>(options.progress_every, 64);
  }
  try {
    if (settings.jobs > 1 && settings.observer == nullptr && !scenarios::runs_python(scenario)) {
      return explore_in_parallel(scenario, variant, settings, options, tally);
    }
    // The probe schedule of PCT is not counted in the tally.
    std::unique_ptr<Strategy> strategy = entry.make(scenarios::program_factory(scenario, variant), settings);
    ExploreResult result = explore(scenarios::program_factory(scenario, variant, std::move(tally), settings.observer), *strategy,
                                   scenarios::trace_header(scenario, variant), options);
    return result;
  } catch (const NondeterminismError& error) {
    throw CommandError{kExitInfrastructure, fmt::format("{} {}: {}", scenario.name, variant, error.what())};
  }
}

nlohmann::ordered_json summary_json(const scenarios::Scenario& scenario, const std::string& variant,
                                    const ExplorationSettings& settings, const ExploreResult& result,
                                    const scenarios::ScenarioTally* tally) {
  nlohmann::ordered_json json;
  json["scenario"] = scenario.name;
  json["variant"] = variant;
  json["strategy"] = settings.strategy;
  if (!is_portfolio(settings.strategy)) strategy_entry(settings.strategy).describe(settings, json);
  json["seed"] = settings.seed;
  json["shard"] = to_string(settings.shard);
  json["schedules"] = result.schedules_run;
  json["violations"] = result.violations;
  json["first_violation_at"] =
      result.first_failure_at ? nlohmann::ordered_json(*result.first_failure_at) : nlohmann::ordered_json();
  if (result.strategy_statistics.contains("pruned_branches")) {
    // dfs prunes whole branches (asleep) and abandons schedules part way.
    json["schedules_pruned"] = result.strategy_statistics["pruned_branches"].get<std::uint64_t>() +
                               result.schedules_abandoned;
    json["abandoned"] = result.schedules_abandoned;
  }
  if (result.strategy_statistics.is_object()) json.update(result.strategy_statistics);
  json["elapsed_s"] = result.elapsed_s;
  json["schedules_per_s"] = result.elapsed_s > 0 ? static_cast<double>(result.schedules_run) / result.elapsed_s : 0.0;
  if (tally) {
    nlohmann::ordered_json faults = nlohmann::ordered_json::object();
    for (std::size_t kind = 0; kind < tally->faults.size(); ++kind) {
      faults[std::string(scenarios::fault_kind_name(static_cast<model::workflows::FaultKind>(kind)))] =
          tally->faults[kind];
    }
    json["faults_injected"] = std::move(faults);
    json["schedules_with_faults"] = tally->schedules_with_faults;
  }
  if (result.trace) {
    const Verdict& verdict = result.trace->verdict;
    json["verdict"] = to_string(verdict.status);
    json["property"] = verdict.property;
    json["message"] = verdict.message;
  } else {
    json["verdict"] = "holds";
  }
  return json;
}

}  // namespace interleave::app
