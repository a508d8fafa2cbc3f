#pragma once
// One part of a parallel exploration (a block of random or pct schedules, a
// dfs task): what its schedules did, kept until the parts before it are
// counted, then counted exactly as explore() counts, so that the result of
// any number of threads is the result of one.

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/explorer.h"

namespace interleave {

struct PartOutcome {
  std::uint64_t begun = 0;  // schedules begun, abandoned ones too (dfs: they take an index)
  std::uint64_t run = 0;
  std::uint64_t abandoned = 0;        // by the strategy's reduction
  std::uint64_t not_replayable = 0;   // by a second backend (never in parallel runs today)
  std::uint64_t violations = 0;
  // (position, choices) of each schedule run; only when schedule_ran is set.
  std::vector<std::pair<std::uint64_t, ChoiceVector>> ran;
  // The part's first violation. It is re-run with recording only when it is
  // counted, so exactly one re-run happens, as with one thread.
  std::optional<std::uint64_t> failure_at;  // position
  std::uint64_t failure_run = 0;            // schedules run in the part before it (dfs numbers by these)
  ChoiceVector failure_choices;
  Verdict failure_verdict;
  std::optional<Trace> failure_trace;  // record_events: kept as it ran
  ProgramFactory factory;              // the part's programs, for the re-run
  std::exception_ptr error;            // thrown by the schedule after the last one run
  bool interrupted = false;            // stop_requested before the next schedule
};

// Runs one schedule at `position` as explore() does (the strategy has begun
// it); true when it ends the search: a violation without keep_going.
bool run_part_schedule(Strategy& strategy, std::uint64_t position, const ExploreOptions& options,
                       PartOutcome& outcome);

// Adds `outcome` to `result`, its positions shifted by `base` into schedule
// indices. A strategy without indexed schedules (dfs) numbers its violation
// among the schedules run, as explore() does: abandoned ones do not count. True when the search ends with it (first violation without
// keep_going, an error kept in `error`, an interruption).
bool count_part(PartOutcome& outcome, std::uint64_t base, const std::string& strategy_name, bool indexed,
                const TraceHeader& header, const ExploreOptions& options, ExploreResult& result,
                std::exception_ptr& error);

}  // namespace interleave
