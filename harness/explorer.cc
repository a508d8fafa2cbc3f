#include "harness/explorer.h"

#include <fmt/format.h>

#include "harness/replay_strategy.h"

namespace interleave {

namespace {

Trace capture(const Execution& exec, const ExecutionLimits& limits) {
  Trace trace;
  trace.limits = limits;
  trace.actors = exec.actors();
  trace.choices = exec.choices();
  trace.events = exec.events();
  trace.verdict = exec.verdict();
  return trace;
}

// An event as a divergence message shows it, its actor by name (as the
// scenario and the reports call it), the id only when the trace has no name.
std::string describe(const Event& event, const std::vector<ActorInfo>& actors) {
  std::string actor = fmt::format("actor {}", event.actor);
  for (const ActorInfo& info : actors) {
    if (info.id == event.actor && !info.name.empty()) actor = info.name;
  }
  return fmt::format("step {} {} {} \"{}\" -> \"{}\"", event.step, actor, event.op, event.text, event.result);
}

}  // namespace

namespace {

// A run of recorded choices, and whether it used all of them.
struct RecordedRun {
  Trace trace;
  bool used_all = false;
};

// `recorded_actors`: the trace's, to name an actor the run has not started.
RecordedRun run_recorded_choices(const ProgramFactory& factory, const ChoiceVector& choices,
                                 const ExecutionLimits& limits, const std::vector<ActorInfo>& recorded_actors = {}) {
  ReplayStrategy strategy(choices);
  strategy.begin_schedule(0);
  auto program = factory();
  Execution exec(strategy, limits, /*record_events=*/true);
  // Divergences name actors as the scenario does; an id is known to the
  // execution once that actor was spawned, which a choice of it requires.
  strategy.name_actors([&exec, &recorded_actors](ActorId id) {
    for (const std::vector<ActorInfo>& actors : {exec.actors(), recorded_actors}) {
      if (id < actors.size() && !actors[id].name.empty()) return actors[id].name;
    }
    return fmt::format("actor {}", id);
  });
  exec.run(*program);
  Trace trace = capture(exec, limits);
  if (trace.verdict.status != VerdictStatus::kDivergence && !strategy.consumed_all()) {
    trace.verdict = {VerdictStatus::kDivergence, "",
                     fmt::format("not reproducible: the run ended after {} of the trace's {} choices",
                                 strategy.position(), strategy.size()),
                     exec.steps()};
  }
  return {std::move(trace), strategy.consumed_all()};
}

// A trace saved where a lockstep run diverged from PostgreSQL stops there;
// the model alone runs on (and asks for a choice past the last). Up to that
// point it must have done what the trace says.
bool reaches_divergence_point(const Trace& trace, const RecordedRun& run) {
  if (trace.verdict.status != VerdictStatus::kDivergence || !run.used_all) return false;
  if (run.trace.events.size() < trace.events.size()) return false;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (!(trace.events[i] == run.trace.events[i])) return false;
  }
  return true;
}

}  // namespace

Trace run_recorded(const ProgramFactory& factory, const ChoiceVector& choices,
                   const ExecutionLimits& limits) {
  return run_recorded_choices(factory, choices, limits).trace;
}

Trace capture_events(const Execution& exec, const ExecutionLimits& limits) { return capture(exec, limits); }

Trace rerun_failure(const ProgramFactory& factory, const ChoiceVector& choices, const Verdict& verdict,
                    std::uint64_t index, const ExecutionLimits& limits) {
  Trace trace = run_recorded(factory, choices, limits);
  if (trace.verdict.status != verdict.status || trace.verdict.property != verdict.property) {
    throw NondeterminismError(fmt::format(
        "schedule {} ended in '{}' but its re-run ended in '{}': the run depends on something "
        "outside the schedule",
        index, to_string(verdict.status), to_string(trace.verdict.status)));
  }
  return trace;
}

ExploreResult explore(const ProgramFactory& factory, Strategy& strategy, const TraceHeader& header,
                      const ExploreOptions& options) {
  ExploreResult result;
  auto started = std::chrono::steady_clock::now();  // statistics only, never a decision
  const bool indexed = strategy.indexed_schedules();
  Execution exec(strategy, options.limits, options.record_events);  // reset for each schedule
  for (std::uint64_t index = options.shard.index;
       indexed ? index < options.schedules : result.schedules_run < options.schedules; index += options.shard.count) {
    if (options.stop_requested && options.stop_requested()) {
      result.interrupted = true;
      break;
    }
    if (!strategy.begin_schedule(index)) break;
    auto program = factory();
    exec.reset();
    exec.run(*program);
    // The program goes before the schedule is counted: what watches its end
    // (the lockstep mirror compares final tables there) belongs to this
    // schedule, not to the next one's schedule_ran.
    program.reset();
    if (exec.verdict().status == VerdictStatus::kAbandoned) {
      ++result.schedules_abandoned;
      continue;
    }
    if (exec.verdict().status == VerdictStatus::kNotReplayable) {
      ++result.schedules_not_replayable;
      continue;
    }
    if (!strategy.owns_schedule()) continue;  // another shard's: run only to find the way
    ++result.schedules_run;
    if (options.schedule_ran) options.schedule_ran(index, exec.choices());
    if (options.progress && result.schedules_run % options.progress_every == 0) {
      options.progress(result.schedules_run);
    }
    if (exec.verdict().status == VerdictStatus::kHolds) continue;
    ++result.violations;
    if (result.trace) continue;  // keep going: the first one is the one kept

    Trace trace = options.record_events ? capture(exec, options.limits)
                                        : rerun_failure(factory, exec.choices(), exec.verdict(), index, options.limits);
    header.apply_to(trace);
    trace.strategy = strategy.name();
    trace.seed = options.seed;
    // Unindexed (dfs): the how-manieth schedule run, abandoned ones not counted.
    const std::uint64_t at = indexed ? index : result.schedules_run - 1;
    trace.schedule = at;
    result.first_failure_at = at;
    result.trace = std::move(trace);
    if (!options.keep_going) break;
  }
  result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.strategy_statistics = strategy.statistics_json();
  return result;
}

ReplayResult replay(const ProgramFactory& factory, const Trace& trace) {
  ReplayResult result;
  RecordedRun recorded = run_recorded_choices(factory, trace.choices, trace.limits, trace.actors);
  if (reaches_divergence_point(trace, recorded)) {
    // Reproduced as far as the model alone can: the trace's own divergence.
    recorded.trace.events.resize(trace.events.size());
    recorded.trace.verdict = trace.verdict;
    result.reached_divergence_point = true;
  }
  result.replayed = std::move(recorded.trace);
  Trace& run = result.replayed;
  copy_identity(trace, run);
  if (result.reached_divergence_point) return result;
  if (run.verdict.status == VerdictStatus::kDivergence) {
    result.divergence = run.verdict.message;
    return result;
  }
  for (std::size_t i = 0; i < std::max(trace.events.size(), run.events.size()); ++i) {
    if (i >= trace.events.size()) {
      result.divergence = fmt::format("event {}: the trace ends, the run goes on with {}", i,
                                      describe(run.events[i], run.actors));
      return result;
    }
    if (i >= run.events.size()) {
      result.divergence = fmt::format("event {}: the run ends, the trace goes on with {}", i,
                                      describe(trace.events[i], trace.actors));
      return result;
    }
    if (!(trace.events[i] == run.events[i])) {
      result.divergence = fmt::format("event {}: expected {}, got {}", i, describe(trace.events[i], trace.actors),
                                      describe(run.events[i], run.actors));
      return result;
    }
  }
  if (run.verdict.status != trace.verdict.status || run.verdict.property != trace.verdict.property) {
    result.divergence = fmt::format("verdict: expected {} {}, got {} {}", to_string(trace.verdict.status),
                                    trace.verdict.property, to_string(run.verdict.status),
                                    run.verdict.property);
  }
  return result;
}

}  // namespace interleave
