#include "app/exploration.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "app/portfolio.h"
#include "harness/dfs_strategy.h"
#include "harness/pct_strategy.h"
#include "harness/random_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"

namespace interleave::app {

ScheduleShape probe_schedule(const ProgramFactory& factory, const ExplorationSettings& settings) {
  RandomStrategy probe(settings.seed);
  probe.begin_execution(0);
  auto program = factory();
  Execution exec(probe, {.max_steps = settings.max_steps}, /*record_events=*/false);
  exec.run(*program);
  auto decisions = std::count_if(exec.choices().begin(), exec.choices().end(),
                                 [](const Choice& choice) { return choice.kind == Choice::Kind::kActor; });
  return {.actors = exec.actors().size(), .decisions = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(decisions))};
}

namespace {

std::unique_ptr<Strategy> make_strategy(const ProgramFactory& factory, const ExplorationSettings& settings) {
  if (settings.strategy == "pct") {
    return std::make_unique<PctStrategy>(settings.seed, settings.depth, probe_schedule(factory, settings).decisions);
  }
  if (settings.strategy == "dfs") {
    return std::make_unique<DfsStrategy>(DfsOptions{.preemption_bound = settings.preemption_bound,
                                                    .reduction = settings.reduction,
                                                    .shard_index = settings.shard.index,
                                                    .shard_count = settings.shard.count});
  }
  return std::make_unique<RandomStrategy>(settings.seed);
}

}  // namespace

ExploreResult explore_variant(const scenarios::Scenario& scenario, const std::string& variant,
                              const ExplorationSettings& settings,
                              std::shared_ptr<scenarios::ScenarioTally> tally) {
  if (settings.strategy == "portfolio") return explore_portfolio(scenario, variant, settings, std::move(tally));
  ExploreOptions options;
  options.seed = settings.seed;
  options.schedules = settings.schedules;
  options.keep_going = settings.keep_going;
  // A schedule mirrored on a server is kept as it ran: a second run there
  // may take another turn where the server's timing decides.
  options.record_events = settings.observer != nullptr;
  options.limits.max_steps = settings.max_steps;
  // dfs splits its own search tree; the others split schedule indices.
  if (settings.strategy != "dfs") options.shard = settings.shard;
  options.schedule_ran = settings.schedule_ran;
  options.progress_every = settings.progress_every;
  options.stop_requested = settings.stop_requested;
  if (ProgressMeter* meter = settings.meter) {
    meter->phase(settings.strategy == "random" ? "explore" : settings.strategy,
                 settings.shard.owned_below(settings.schedules));
    options.progress = [meter](std::uint64_t done) { meter->advance(done); };
    // Often enough for a slow scenario to move the line every second.
    options.progress_every = std::min<std::uint64_t>(options.progress_every, 64);
  }
  try {
    // The probe schedule of PCT is not counted in the tally.
    std::unique_ptr<Strategy> strategy = make_strategy(scenarios::program_factory(scenario, variant), settings);
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
  if (settings.strategy == "pct") json["depth"] = settings.depth;
  if (settings.strategy == "dfs") {
    json["preemption_bound"] = settings.preemption_bound;
    json["reduction"] = settings.reduction ? "sleep-sets" : "none";
  }
  json["seed"] = settings.seed;
  json["shard"] = to_string(settings.shard);
  json["schedules"] = result.schedules_run;
  json["violations"] = result.violations;
  json["first_violation_at"] =
      result.first_failure_at ? nlohmann::ordered_json(*result.first_failure_at) : nlohmann::ordered_json();
  if (result.strategy_statistics.contains("pruned_branches")) {
    // dfs prunes whole branches (asleep) and abandons schedules part way.
    json["schedules_pruned"] = result.strategy_statistics["pruned_branches"].get<std::uint64_t>() +
                               result.schedules_pruned;
    json["abandoned"] = result.schedules_pruned;
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
