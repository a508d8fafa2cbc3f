#include "app/fidelity_run.h"

#include <chrono>

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
    if (diverged_) divergence_ = *mirror_.divergence();
    if (mirror_.unreplayable() && !result_.not_followable_reason) {
      result_.not_followable_reason = *mirror_.unreplayable();
    }
  }
  // Whether the schedule that just ended diverged, and how.
  bool diverged() const { return diverged_; }
  const std::string& divergence() const { return divergence_; }

 private:
  impl::pg::ServerMirror& mirror_;
  FidelityVariant& result_;
  bool diverged_ = false;
  std::string divergence_;
};

// Re-runs of a divergent schedule before it counts as one the server's
// timing decides.
constexpr int kRerunAttempts = 5;

// Shrinks result.first_divergence in lockstep on the server. The server's
// timing decides some divergences (two waiters racing for a row), so one may
// not come back on a re-run: then the trace stays as found, and says why.
void shrink_divergence(const scenarios::Scenario& scenario, const std::string& variant,
                       impl::pg::ServerMirror& mirror, FidelityVariant& result) {
  const auto started = std::chrono::steady_clock::now();  // statistics only
  scenarios::ShrinkOptions options = kDivergenceShrink;
  options.observer = &mirror;
  // A shrink starts by running the schedule again, which the server's timing
  // may not diverge: a few attempts before the trace stays as found.
  for (int attempt = 1;; ++attempt) {
    try {
      scenarios::ShrunkCounterexample shrunk =
          scenarios::shrink_counterexample(scenario, variant, *result.first_divergence, options);
      if (mirror.failure()) return;  // reported by the caller
      result.first_divergence = std::move(shrunk.trace);
      result.shrink = ShrinkReport{shrunk.original, shrunk.shrunk, shrunk.runs,
                                   std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
      return;
    } catch (const scenarios::ShrinkError& error) {
      if (mirror.failure()) return;
      if (attempt == kRerunAttempts) {
        result.shrink_failed = fmt::format("{} ({} attempts)", error.what(), attempt);
        return;
      }
    }
  }
}

}  // namespace

FidelityVariant run_fidelity(const scenarios::Scenario& scenario, const std::string& variant,
                             ExplorationSettings settings, const std::string& dsn, bool shrink) {
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
    result.first_divergence_message = "on PostgreSQL: " + tally.divergence();
  };
  const ExploreResult explored = explore_variant(scenario, variant, settings);
  auto fail_if_server_failed = [&] {
    if (mirror.failure()) {
      throw CommandError{kExitInfrastructure, fmt::format("{} {}: PostgreSQL failed: {}", scenario.name, variant,
                                                          *mirror.failure())};
    }
  };
  fail_if_server_failed();
  result.schedules = explored.schedules_run + explored.schedules_not_replayable;
  result.not_followable = explored.schedules_not_replayable;
  result.races = explored.violations - result.divergences;
  result.elapsed_s = explored.elapsed_s;
  if (explored.trace && explored.trace->verdict.status == VerdictStatus::kDivergence) {
    result.first_divergence = *explored.trace;  // recorded as it ran
  } else if (divergent) {
    // A race came first: the divergence again, with events, on both backends.
    // The server's timing may not diverge the same way twice: then no trace
    // is saved (a run that did not diverge would read as a race).
    for (int attempt = 0; attempt < kRerunAttempts && !result.first_divergence; ++attempt) {
      Trace trace = run_recorded(scenarios::program_factory(scenario, variant, nullptr, &mirror), *divergent,
                                 {.max_steps = settings.max_steps});
      fail_if_server_failed();
      // Only the server's own divergence: a re-run the server's timing took
      // elsewhere ends as the replay losing its way, which says nothing.
      if (trace.verdict.status != VerdictStatus::kDivergence || !mirror.divergence()) continue;
      scenarios::trace_header(scenario, variant).apply_to(trace);
      trace.strategy = settings.strategy;
      trace.seed = settings.seed;
      trace.schedule = divergent_index;
      result.first_divergence = std::move(trace);
    }
    if (!result.first_divergence) {
      result.shrink_failed = fmt::format(
          "schedule {} did not diverge again in {} re-runs: the server's timing decides it", divergent_index,
          kRerunAttempts);
    }
  }
  if (shrink && result.first_divergence && result.first_divergence->verdict.status == VerdictStatus::kDivergence) {
    shrink_divergence(scenario, variant, mirror, result);
    fail_if_server_failed();
  }
  return result;
}

}  // namespace interleave::app
