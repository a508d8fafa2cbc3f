#include "scenarios/scenario_shrinker.h"

#include <algorithm>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "harness/shrinker.h"
#include "model/workflows/fault_plan.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_program.h"
#include "scenarios/scenario_writer.h"

namespace interleave::scenarios {

namespace {

// A scenario under shrinking with its best failing run. Factories refer to
// their scenario, so each candidate lives on the heap until replaced.
struct Counterexample {
  std::unique_ptr<Scenario> scenario;
  ShrinkRun run;
};

CounterexampleSize size_of(const Scenario& scenario, const ShrinkRun& run) {
  return {.actors = static_cast<std::uint32_t>(scenario.actors.size()),
          .operations = static_cast<std::uint32_t>(scenario.actors.size() + scenario.givens.size()),
          .choices = run.size.choices,
          .steps = run.size.steps,
          .preemptions = run.size.preemptions,
          .faults = run.size.faults};
}

// The scenario with every argument fixed to the value the run drew, and the
// run's choices without those draws (scenario_program draws them first, in
// declaration order). nullopt when the choices do not start that way.
std::optional<std::pair<Scenario, ChoiceVector>> fix_alternatives(const Scenario& scenario,
                                                                  const ChoiceVector& choices) {
  Scenario fixed = scenario;
  std::size_t next = 0;
  for (ActorSpec& actor : fixed.actors) {
    for (Argument& argument : actor.arguments) {
      if (argument.alternatives.size() < 2) continue;
      if (next >= choices.size()) return std::nullopt;
      const Choice& drawn = choices[next++];
      if (drawn.kind != Choice::Kind::kDraw || drawn.options != argument.alternatives.size()) return std::nullopt;
      argument.alternatives = {argument.alternatives[drawn.value]};
    }
  }
  return std::pair{std::move(fixed), ChoiceVector(choices.begin() + static_cast<std::ptrdiff_t>(next), choices.end())};
}

// The names of `root`'s actors and of every actor they started, in a run.
std::set<std::string> with_descendants(const std::vector<ActorInfo>& actors, const std::set<std::string>& roots) {
  std::set<std::string> names;
  for (const ActorInfo& actor : actors) {
    // Parents are spawned before their children: one pass suffices.
    bool gone = roots.count(actor.name) > 0 ||
                (actor.parent != kNoActor && actor.parent < actors.size() && names.count(actors[actor.parent].name));
    if (gone) names.insert(actor.name);
  }
  return names;
}

// `choices` without the actor choices that picked one of `names`.
ChoiceVector without_actors(const ChoiceVector& choices, const std::vector<ActorInfo>& actors,
                            const std::set<std::string>& names) {
  ChoiceVector kept;
  for (const Choice& choice : choices) {
    bool dropped = choice.kind == Choice::Kind::kActor && choice.value < actors.size() &&
                   names.count(actors[choice.value].name) > 0;
    if (!dropped) kept.push_back(choice);
  }
  return kept;
}

class ScenarioShrinker {
 public:
  ScenarioShrinker(const std::string& variant, const Failure& target, const ShrinkOptions& options,
                   const ExecutionLimits& limits)
      : variant_(variant),
        observer_(options.observer),
        target_(target),
        budget_(options.max_runs),
        shrinker_({.limits = limits,
                   .count_faults = count_faults,
                   .search_schedules = options.search_schedules,
                   .preemption_search_schedules = options.preemption_search_schedules,
                   .search_seed = 1},
                  budget_) {}

  Shrinker& schedules() { return shrinker_; }
  ShrinkBudget& budget() { return budget_; }
  ProgramFactory factory(const Scenario& scenario) const {
    return program_factory(scenario, variant_, nullptr, observer_);
  }

  // Fixes drawn arguments, then drops actors and fixtures while it still fails.
  void drop_what_is_not_needed(Counterexample& best) {
    if (auto fixed = fix_alternatives(*best.scenario, best.run.trace.choices)) {
      auto scenario = std::make_unique<Scenario>(std::move(fixed->first));
      auto run = shrinker_.run(factory(*scenario), fixed->second, best.run.trace.actors);
      if (run && target_.matches(run->trace)) best = {std::move(scenario), std::move(*run)};
    }
    while (drop_an_actor(best) || drop_a_given(best)) {
    }
  }

 private:
  bool drop_an_actor(Counterexample& best) {
    for (std::size_t i = best.scenario->actors.size(); i-- > 0 && best.scenario->actors.size() > 1;) {
      auto candidate = std::make_unique<Scenario>(*best.scenario);
      std::string name = candidate->actors[i].name;
      candidate->actors.erase(candidate->actors.begin() + static_cast<std::ptrdiff_t>(i));
      const auto& actors = best.run.trace.actors;
      if (try_candidate(best, std::move(candidate), without_actors(best.run.trace.choices, actors,
                                                                   with_descendants(actors, {name})))) {
        return true;
      }
    }
    return false;
  }

  bool drop_a_given(Counterexample& best) {
    for (std::size_t i = best.scenario->givens.size(); i-- > 0;) {
      auto candidate = std::make_unique<Scenario>(*best.scenario);
      candidate->givens.erase(candidate->givens.begin() + static_cast<std::ptrdiff_t>(i));
      ChoiceVector hint = best.run.trace.choices;
      // Without fixtures there is no setup actor (scenario_program).
      if (candidate->givens.empty()) {
        std::set<std::string> setup;
        for (const ActorInfo& actor : best.run.trace.actors) {
          if (actor.kind == "setup") setup.insert(actor.name);
        }
        hint = without_actors(hint, best.run.trace.actors, setup);
      }
      if (try_candidate(best, std::move(candidate), hint)) return true;
    }
    return false;
  }

  bool try_candidate(Counterexample& best, std::unique_ptr<Scenario> candidate, const ChoiceVector& hint) {
    auto found = shrinker_.find_failure(factory(*candidate), target_, hint, best.run.trace.actors);
    if (!found) return false;
    best = {std::move(candidate), std::move(*found)};
    return true;
  }

  std::string variant_;
  model::WorldObserver* observer_;
  Failure target_;
  ShrinkBudget budget_;
  Shrinker shrinker_;
};

}  // namespace

std::uint32_t count_faults(const Trace& trace) {
  std::uint32_t faults = 0;
  for (const Event& event : trace.events) {
    for (std::size_t kind = 0; kind < model::workflows::kFaultKinds; ++kind) {
      if (event.op == model::workflows::fault_event_op(static_cast<model::workflows::FaultKind>(kind))) ++faults;
    }
  }
  return faults;
}

ShrunkCounterexample shrink_counterexample(const Scenario& scenario, const std::string& variant, const Trace& failing,
                                           const ShrinkOptions& options) {
  const VerdictStatus status = failing.verdict.status;
  if (status == VerdictStatus::kHolds || (status == VerdictStatus::kDivergence && !options.observer)) {
    throw ShrinkError(fmt::format("{} {}: a trace that ends in '{}' is no counterexample to shrink", scenario.name,
                                  variant, to_string(status)));
  }
  const Failure target = Failure::of(failing);
  ScenarioShrinker shrinker(variant, target, options, failing.limits);
  Counterexample best{std::make_unique<Scenario>(scenario), {}};
  auto start = shrinker.schedules().run(shrinker.factory(scenario), failing.choices, {});
  if (!start || !target.matches(start->trace) || start->trace.choices != failing.choices) {
    throw ShrinkError(fmt::format("{} {}: the trace to shrink does not fail again the same way", scenario.name,
                                  variant));
  }
  best.run = std::move(*start);
  ShrunkCounterexample result;
  result.original = size_of(scenario, best.run);

  shrinker.drop_what_is_not_needed(best);
  best.run = shrinker.schedules().shrink(shrinker.factory(*best.scenario), std::move(best.run), target);

  Trace& trace = result.trace;
  trace = std::move(best.run.trace);
  copy_identity(failing, trace);
  trace.limits = failing.limits;
  const bool changed = write_scenario(*best.scenario) != write_scenario(scenario);
  if (changed) trace.scenario_source = write_scenario(*best.scenario);
  result.shrunk = size_of(*best.scenario, best.run);
  result.runs = shrinker.budget().used();

  // The trace must replay from what it carries: its own scenario text when
  // it has one, read back as `interleave replay` reads it. (A divergence's
  // trace is the lockstep run's own record, which stops where the server
  // answered otherwise; only the observer can tell whether it comes back.)
  Scenario replayed = changed ? parse_scenario(trace.scenario_source, "shrunk scenario") : scenario;
  if (changed) validate(replayed);
  ReplayResult replay_result =
      status == VerdictStatus::kDivergence ? ReplayResult{} : replay(program_factory(replayed, variant), trace);
  if (replay_result.divergence) {
    throw ShrinkError(fmt::format("{} {}: the shrunk trace does not replay: {}", scenario.name, variant,
                                  *replay_result.divergence));
  }
  result.scenario = std::move(*best.scenario);
  return result;
}

}  // namespace interleave::scenarios
