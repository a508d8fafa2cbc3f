#include "app/fidelity_run.h"

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "backends/pg/server_mirror.h"
#include "harness/explorer.h"
#include "model/world.h"
#include "scenarios/scenario_program.h"

namespace interleave::app {

namespace {

// Sees each schedule's end on the mirror, before the explorer judges it.
class FidelityTally final : public model::WorldObserver {
 public:
  FidelityTally(impl::pg::ServerMirror& mirror, FidelityVariant& result) : mirror_(mirror), result_(result) {}

  void world_built(model::World& world) override { mirror_.world_built(world); }
  void world_finished(const model::World& world) noexcept override {
    mirror_.world_finished(world);
    diverged_ = mirror_.divergence().has_value();
    if (mirror_.unreplayable() && !result_.not_followable_reason) {
      result_.not_followable_reason = *mirror_.unreplayable();
    }
  }
  // Whether the schedule that just ended diverged.
  bool diverged() const { return diverged_; }

 private:
  impl::pg::ServerMirror& mirror_;
  FidelityVariant& result_;
  bool diverged_ = false;
};

}  // namespace

FidelityVariant run_fidelity(const scenarios::Scenario& scenario, const std::string& variant,
                             ExplorationSettings settings, const std::string& dsn) {
  FidelityVariant result{.scenario = scenario.name, .variant = variant};
  impl::pg::ServerMirror mirror({.dsn = dsn});
  FidelityTally tally(mirror, result);
  std::optional<ChoiceVector> divergent;  // the first divergent schedule's choices
  std::uint64_t divergent_index = 0;
  settings.observer = &tally;
  settings.keep_going = true;  // a race or a divergence does not end the search
  settings.progress_every = 1;
  settings.schedule_ran = [&](std::uint64_t index, const ChoiceVector& choices) {
    if (!tally.diverged()) return;
    ++result.divergences;
    if (divergent) return;
    divergent = choices;
    divergent_index = index;
  };
  const ExploreResult explored = explore_variant(scenario, variant, settings);
  if (mirror.failure()) {
    throw CommandError{kExitInfrastructure, fmt::format("{} {}: PostgreSQL failed: {}", scenario.name, variant,
                                                        *mirror.failure())};
  }
  result.schedules = explored.schedules_run + explored.schedules_pruned;
  result.not_followable = explored.schedules_pruned;
  result.races = explored.violations - result.divergences;
  result.elapsed_s = explored.elapsed_s;
  if (explored.trace && explored.trace->verdict.status == VerdictStatus::kDivergence) {
    result.first_divergence = *explored.trace;  // recorded as it ran
  } else if (divergent) {
    // A race came first: the divergence again, with events, on both backends
    // (the server's timing may not diverge the same way twice).
    Trace trace = run_recorded(scenarios::program_factory(scenario, variant, nullptr, &mirror), *divergent,
                               {.max_steps = settings.max_steps});
    scenarios::trace_header(scenario, variant).apply_to(trace);
    trace.strategy = settings.strategy;
    trace.seed = settings.seed;
    trace.schedule = divergent_index;
    result.first_divergence = std::move(trace);
  }
  return result;
}

}  // namespace interleave::app
