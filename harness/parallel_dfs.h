#pragma once
// dfs on several threads, with the result one thread gives.
//
// The search is a queue of parts: the round without preemptions, then the
// deferred choices in the order the round before left them (dfs_strategy.h).
// A part's subtree does not depend on any other part, so the threads walk
// parts side by side, each with its own DfsStrategy, fiber scheduler and
// programs, taking the earliest part in queue order that is ready. Parts
// are counted in queue order, so the schedule indices, the counts, the
// first violation (the lowest index), its trace and the strategy's
// statistics are those of explore() with one DfsStrategy.
//
// Example:
//   ParallelDfsSetup setup{.jobs = 2, .options = {.preemption_bound = 2},
//                          .factory = [&](std::uint64_t) { return factory; }};
//   ParallelExploreResult run = explore_dfs_parallel(setup, header, options);

#include <cstdint>
#include <functional>

#include "harness/dfs_strategy.h"
#include "harness/parallel_explorer.h"

namespace interleave {

struct ParallelDfsSetup {
  unsigned jobs = 2;
  DfsOptions options;
  // The programs of one part (a fresh factory per part, numbered as asked),
  // so that what they count can be summed over the parts that count.
  std::function<ProgramFactory(std::uint64_t part)> factory;
};

// options.shard is ignored: a dfs shard is in setup.options. Throws what
// explore() would throw, for the lowest schedule index that throws.
ParallelExploreResult explore_dfs_parallel(const ParallelDfsSetup& setup, const TraceHeader& header,
                                           const ExploreOptions& options);

}  // namespace interleave
