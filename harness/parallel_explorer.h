#pragma once
// explore() on several threads, with the result one thread gives.
//
// Schedule i depends only on the strategy's settings and i (random, pct), so
// the indices are cut into blocks of consecutive ones that the threads take
// in turn, each with its own strategy, fiber scheduler and programs. Blocks
// are counted in index order: a block past the first violation (or error,
// Ctrl-C, exhausted strategy) is dropped, a block before it always finishes.
// So schedules, violations, the first violation's index and trace, the
// schedule_ran calls (in index order) and what the programs of the counted
// blocks met are those of explore() with the same options.
//
// Requires: options.record_events is false or the runs are repeatable; the
// factories' programs share nothing mutable across blocks.
//
// Example:
//   ParallelSetup setup{.jobs = 2,
//                       .strategy = [] { return std::make_unique<RandomStrategy>(7); },
//                       .factory = [&](std::uint64_t) { return factory; }};
//   ParallelExploreResult run = explore_parallel(setup, header, options);

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "harness/explorer.h"

namespace interleave {

struct ParallelSetup {
  unsigned jobs = 2;
  // Consecutive schedules (of the shard's) a thread takes at a time: small
  // enough that little runs past a violation, large enough that the threads
  // seldom meet at the lock.
  std::uint64_t block = 64;
  // One per thread; its schedule i must depend only on its settings and i.
  std::function<std::unique_ptr<Strategy>()> strategy;
  // The programs of block b (a fresh factory per block), so that what they
  // count can be summed over the blocks that count. Called on the threads.
  std::function<ProgramFactory(std::uint64_t block)> factory;
};

struct ParallelExploreResult {
  ExploreResult result;
  // The parts whose programs make up the result (their factory's argument).
  std::vector<std::uint64_t> counted;
};

// Throws what explore() would throw (NondeterminismError, an error of a
// program), for the lowest schedule index that throws.
ParallelExploreResult explore_parallel(const ParallelSetup& setup, const TraceHeader& header,
                                       const ExploreOptions& options);

}  // namespace interleave
