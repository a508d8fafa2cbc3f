#include "harness/parallel_explorer.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "harness/part_outcome.h"

namespace interleave {

namespace {

constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();

struct BlockOutcome {
  PartOutcome part;
  bool exhausted = false;  // the strategy had nothing left
};

class ParallelRun {
 public:
  ParallelRun(const ParallelSetup& setup, const TraceHeader& header, const ExploreOptions& options)
      : setup_(setup), header_(header), options_(options) {}

  ParallelExploreResult run() {
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < setup_.jobs; ++i) threads.emplace_back([this] { work(); });
    for (std::thread& thread : threads) thread.join();
    if (error_) std::rethrow_exception(error_);
    ParallelExploreResult outcome{std::move(result_), {}};
    for (std::uint64_t block = 0; block < committed_; ++block) outcome.counted.push_back(block);
    return outcome;
  }

 private:
  // The k-th schedule index of the shard.
  std::uint64_t index_of(std::uint64_t k) const { return options_.shard.index + k * options_.shard.count; }

  void work() {
    std::unique_ptr<Strategy> strategy;
    try {
      strategy = setup_.strategy();
      std::lock_guard lock(mutex_);
      strategy_name_ = strategy->name();
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
      finish();
      return;
    }
    for (;;) {
      const std::uint64_t block = next_block_.fetch_add(1);
      const std::uint64_t first = index_of(block * setup_.block);
      if (first >= options_.schedules || first > stop_at_.load()) return;
      BlockOutcome outcome;
      const bool whole = run_block(*strategy, block, outcome);
      std::lock_guard lock(mutex_);
      // A block left part way lies past a block that ends the search: never counted.
      if (whole) done_.emplace(block, std::move(outcome));
      commit();
    }
  }

  // Runs the block's schedules; false when it stopped because an earlier
  // schedule elsewhere ends the search.
  bool run_block(Strategy& strategy, std::uint64_t block, BlockOutcome& outcome) {
    PartOutcome& part = outcome.part;
    try {
      part.factory = setup_.factory(block);
    } catch (...) {
      part.error = std::current_exception();
      lower_stop(index_of(block * setup_.block));
      return true;
    }
    for (std::uint64_t k = block * setup_.block; k < (block + 1) * setup_.block; ++k) {
      const std::uint64_t index = index_of(k);
      if (index >= options_.schedules) break;
      if (index > stop_at_.load()) return false;
      if (options_.stop_requested && options_.stop_requested()) {
        part.interrupted = true;
        lower_stop(index);
        break;
      }
      try {
        if (!strategy.begin_schedule(index)) {
          outcome.exhausted = true;
          lower_stop(index);
          break;
        }
        if (run_part_schedule(strategy, index, options_, part)) {
          lower_stop(index);
          break;
        }
      } catch (...) {
        part.error = std::current_exception();
        lower_stop(index);
        break;
      }
    }
    return true;
  }

  void lower_stop(std::uint64_t index) {
    std::uint64_t seen = stop_at_.load();
    while (index < seen && !stop_at_.compare_exchange_weak(seen, index)) {
    }
  }

  // Counts the finished blocks that follow the counted ones, in index
  // order. With mutex_ held.
  void commit() {
    while (!finished_) {
      auto found = done_.find(committed_);
      if (found == done_.end()) return;
      BlockOutcome outcome = std::move(found->second);
      done_.erase(found);
      ++committed_;
      if (count_part(outcome.part, 0, strategy_name_, /*indexed=*/true, header_, options_, result_, error_) || outcome.exhausted) {
        finish();
      }
    }
  }

  void finish() {
    finished_ = true;
    lower_stop(0);
  }

  const ParallelSetup& setup_;
  const TraceHeader& header_;
  const ExploreOptions& options_;
  std::atomic<std::uint64_t> next_block_{0};
  // The lowest index known to end the search: nothing past it is needed.
  std::atomic<std::uint64_t> stop_at_{kNone};
  std::mutex mutex_;
  std::string strategy_name_;
  std::map<std::uint64_t, BlockOutcome> done_;  // finished, waiting for an earlier block
  std::uint64_t committed_ = 0;
  bool finished_ = false;
  ExploreResult result_;
  std::exception_ptr error_;
};

}  // namespace

ParallelExploreResult explore_parallel(const ParallelSetup& setup, const TraceHeader& header,
                                       const ExploreOptions& options) {
  auto started = std::chrono::steady_clock::now();  // statistics only, never a decision
  ParallelRun run(setup, header, options);
  ParallelExploreResult outcome = run.run();
  outcome.result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace interleave
