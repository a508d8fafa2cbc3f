#pragma once
// One exploration of a scenario variant, as explore and hunt run it, and its
// summary as `--json` prints it.

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/progress_meter.h"
#include "harness/dfs_strategy.h"
#include "harness/explorer.h"
#include "harness/shard.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_program.h"

namespace interleave::app {

// dfs without --schedules: as many as its bounded space holds, up to this.
inline constexpr std::uint64_t kDfsScheduleCap = 100'000'000;

struct ExplorationSettings {
  std::string strategy = "random";  // a name in strategy_registry.h, or portfolio (app/portfolio.h)
  std::uint32_t depth = 2;           // pct: the bug depth d it targets
  std::uint32_t preemption_bound = 2;  // dfs
  bool reduction = true;               // dfs: sleep sets
  bool keep_going = false;             // run on past the first violation, counting them
  std::uint64_t seed = 1;
  std::uint64_t schedules = 10'000;
  std::uint32_t max_steps = ExecutionLimits{}.max_steps;
  ProgressMeter* meter = nullptr;  // shows the search's progress (not owned); null: silent
  // Ends the search early when it returns true (Ctrl-C of a hunt).
  std::function<bool()> stop_requested;
  Shard shard;            // the schedule indices below `schedules` this process runs
  // Called with each schedule run (index, choices), e.g. to log coverage.
  std::function<void(std::uint64_t, const ChoiceVector&)> schedule_ran;
  // Sees every explored schedule's world (not owned): a mirror on a real
  // server. Null: the model alone.
  model::WorldObserver* observer = nullptr;
  std::uint64_t progress_every = 10'000;
  // Threads that run schedules side by side, each with its own scheduler and
  // world; the result is the same for any number (parallel_explorer.h).
  unsigned jobs = 1;
};

// n and k of PCT: the actors and the scheduling decisions of one random
// schedule (seed settings.seed), as PCT draws its change points from k; the
// same for every shard and rerun. decisions is at least 1.
struct ScheduleShape {
  std::size_t actors = 0;
  std::uint32_t decisions = 1;
};
ScheduleShape probe_schedule(const ProgramFactory& factory, const ExplorationSettings& settings);

// dfs's options from the settings (bound, reduction, shard).
DfsOptions dfs_options(const ExplorationSettings& settings);

// Throws CommandError(kExitInfrastructure) on nondeterminism: that is a bug
// in the model, never a property of the code under test.
// Adds the faults the schedules injected to `tally` when one is given.
ExploreResult explore_variant(const scenarios::Scenario& scenario, const std::string& variant,
                              const ExplorationSettings& settings,
                              std::shared_ptr<scenarios::ScenarioTally> tally = nullptr);

// scenario, variant, strategy, seed, shard ("I/N"), schedules, violations,
// first_violation_at, elapsed_s, schedules_per_s, and the verdict;
// faults_injected per kind when a tally is given.
nlohmann::ordered_json summary_json(const scenarios::Scenario& scenario, const std::string& variant,
                                    const ExplorationSettings& settings, const ExploreResult& result,
                                    const scenarios::ScenarioTally* tally = nullptr);

}  // namespace interleave::app
