#include "harness/part_outcome.h"

namespace interleave {

bool run_part_schedule(Strategy& strategy, std::uint64_t position, const ExploreOptions& options,
                       PartOutcome& outcome) {
  ++outcome.begun;
  auto program = outcome.factory();
  Execution exec(strategy, options.limits, options.record_events);
  exec.run(*program);
  program.reset();  // as explore(): the schedule's end is seen before it is counted
  if (exec.verdict().status == VerdictStatus::kAbandoned) {
    ++outcome.abandoned;
    return false;
  }
  if (exec.verdict().status == VerdictStatus::kNotReplayable) {
    ++outcome.not_replayable;
    return false;
  }
  if (!strategy.owns_schedule()) return false;  // another shard's: run only to find the way
  ++outcome.run;
  if (options.schedule_ran) outcome.ran.emplace_back(position, exec.choices());
  if (exec.verdict().status == VerdictStatus::kHolds) return false;
  ++outcome.violations;
  if (outcome.failure_at) return false;  // keep going: the part's first is the one kept
  outcome.failure_at = position;
  outcome.failure_run = outcome.run - 1;
  outcome.failure_choices = exec.choices();
  outcome.failure_verdict = exec.verdict();
  if (options.record_events) outcome.failure_trace = capture_events(exec, options.limits);
  return !options.keep_going;
}

bool count_part(PartOutcome& outcome, std::uint64_t base, const std::string& strategy_name, bool indexed,
                const TraceHeader& header, const ExploreOptions& options, ExploreResult& result,
                std::exception_ptr& error) {
  result.schedules_abandoned += outcome.abandoned;
  result.schedules_not_replayable += outcome.not_replayable;
  const std::uint64_t before = result.schedules_run;
  result.schedules_run += outcome.run;
  result.violations += outcome.violations;
  if (options.schedule_ran) {
    for (const auto& [position, choices] : outcome.ran) options.schedule_ran(base + position, choices);
  }
  if (options.progress && result.schedules_run / options.progress_every > before / options.progress_every) {
    options.progress(result.schedules_run / options.progress_every * options.progress_every);
  }
  bool ends = false;
  if (outcome.failure_at && !result.trace) {
    const std::uint64_t index = indexed ? base + *outcome.failure_at : before + outcome.failure_run;
    try {
      Trace trace = outcome.failure_trace ? std::move(*outcome.failure_trace)
                                          : rerun_failure(outcome.factory, outcome.failure_choices,
                                                          outcome.failure_verdict, index, options.limits);
      header.apply_to(trace);
      trace.strategy = strategy_name;
      trace.seed = options.seed;
      trace.schedule = index;
      result.first_failure_at = index;
      result.trace = std::move(trace);
      ends = !options.keep_going;
    } catch (...) {
      outcome.error = std::current_exception();
    }
  }
  if (outcome.error) {
    error = outcome.error;
    ends = true;
  }
  if (outcome.interrupted) {
    result.interrupted = true;
    ends = true;
  }
  return ends;
}

}  // namespace interleave
