#include "harness/parallel_dfs.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "harness/part_outcome.h"

namespace interleave {

namespace {

// Where a part stands in the queue of one thread's search: the round
// without preemptions is {}, the i-th choice it deferred {i}, the j-th
// choice that one deferred {i, j}, ... The queue takes a round's parts in
// the order of the parts that deferred them, so shorter keys come first,
// then keys of one length in lexicographic order.
using Key = std::vector<std::uint32_t>;

bool before(const Key& a, const Key& b) { return a.size() != b.size() ? a.size() < b.size() : a < b; }

struct Before {
  bool operator()(const Key& a, const Key& b) const { return before(a, b); }
};

struct Part {
  std::optional<DfsStrategy::Task> task;  // none: the round without preemptions
};

struct Walked {
  Part part;  // kept: a part cut by --schedules is walked again, shorter
  PartOutcome outcome;
  DfsStatistics statistics;
  std::vector<DfsStrategy::Task> deferred;
  bool complete = false;  // walked to its end, where the whole search takes the next part
  std::uint32_t children = 0;  // parts it deferred: its key followed by 0, 1, ...
  std::uint64_t part_id = 0;
};

void add(DfsStatistics& total, const DfsStatistics& part) {
  total.pruned_branches += part.pruned_branches;
  total.deferred += part.deferred;
  total.beyond_bound += part.beyond_bound;
  total.discovery_runs += part.discovery_runs;
  total.deepest = std::max(total.deepest, part.deepest);
}

class ParallelDfs {
 public:
  ParallelDfs(const ParallelDfsSetup& setup, const TraceHeader& header, const ExploreOptions& options)
      : setup_(setup), header_(header), options_(options) {
    ready_.emplace(Key{}, Part{});
    order_.push_back(Key{});
  }

  ParallelExploreResult run() {
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < setup_.jobs; ++i) threads.emplace_back([this] { work(); });
    for (std::thread& thread : threads) thread.join();
    if (error_) std::rethrow_exception(error_);
    result_.strategy_statistics = to_json(statistics_);
    return {std::move(result_), std::move(counted_)};
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return finished_ || has_work(); });
      if (finished_) return;
      auto next = ready_.begin();
      Key key = next->first;
      Part part = std::move(next->second);
      ready_.erase(next);
      const std::uint64_t limit = options_.schedules - ran_;
      const std::uint64_t id = next_id_++;
      ++running_;
      lock.unlock();
      std::optional<Walked> walked = walk(key, std::move(part), limit, id, /*counting=*/false);
      lock.lock();
      --running_;
      if (walked) {
        walked->children = static_cast<std::uint32_t>(walked->deferred.size());
        for (std::uint32_t i = 0; i < walked->children; ++i) {
          Key child = key;
          child.push_back(i);
          ready_.emplace(std::move(child), Part{std::move(walked->deferred[i])});
        }
        walked->deferred.clear();
        done_.emplace(key, std::move(*walked));
      }
      commit();
      if (!finished_ && running_ == 0 && !has_work()) finish();  // nothing left that could add parts
      wake_.notify_all();
    }
  }

  // A ready part that may count: none after the part that ends the search.
  bool has_work() const { return !ready_.empty() && !(stop_ && before(*stop_, ready_.begin()->first)); }

  // Walks one part until `limit` schedules have run to their end (abandoned
  // ones do not count, as in explore()). Nothing when a part before
  // it ended the search while it ran. `counting`: walked again while it is
  // counted, with mutex_ held; it ends the search whatever it meets.
  std::optional<Walked> walk(const Key& key, Part part, std::uint64_t limit, std::uint64_t id, bool counting) {
    Walked walked{.part = std::move(part), .part_id = id};
    PartOutcome& outcome = walked.outcome;
    std::optional<DfsStrategy> strategy;
    std::uint64_t generation = ~std::uint64_t{0};
    for (std::uint64_t position = 0;; ++position) {
      if (outcome.run >= limit) break;
      if (const std::uint64_t now = stop_generation_.load(); !counting && now != generation) {
        generation = now;
        std::lock_guard lock(mutex_);
        if (stop_ && before(*stop_, key)) return std::nullopt;
      }
      if (options_.stop_requested && options_.stop_requested()) {
        outcome.interrupted = true;
        if (!counting) stop_at(key);
        break;
      }
      try {
        if (!strategy) {
          outcome.factory = setup_.factory(id);
          if (walked.part.task) {
            strategy.emplace(setup_.options, *walked.part.task);
          } else {
            DfsOptions options = setup_.options;
            options.one_part = true;
            strategy.emplace(options);
          }
        }
        if (!strategy->begin_schedule(position)) {
          walked.complete = true;
          break;
        }
        if (run_part_schedule(*strategy, position, options_, outcome)) {
          if (!counting) stop_at(key);
          break;
        }
      } catch (...) {
        outcome.error = std::current_exception();
        if (!counting) stop_at(key);
        break;
      }
    }
    if (strategy) {
      walked.statistics = strategy->statistics();
      walked.deferred = strategy->take_deferred();
    }
    return walked;
  }

  void stop_at(const Key& key) {
    std::lock_guard lock(mutex_);
    if (!stop_ || before(key, *stop_)) stop_ = key;
    ++stop_generation_;
  }

  // Counts the walked parts that follow the counted ones, in queue order.
  // With mutex_ held.
  void commit() {
    while (!finished_ && !order_.empty()) {
      auto found = done_.find(order_.front());
      if (found == done_.end()) return;
      Key key = std::move(order_.front());
      order_.pop_front();
      Walked walked = std::move(found->second);
      done_.erase(found);
      // One thread stops once --schedules have run, before whatever the part
      // would abandon or walk back after that: walked again, cut there.
      const std::uint64_t exact = options_.schedules - ran_;
      if (walked.outcome.run >= exact) {
        const std::uint64_t id = next_id_++;
        std::optional<Walked> shorter = walk(key, std::move(walked.part), exact, id, /*counting=*/true);
        walked = std::move(*shorter);  // nothing before this part stops the search
      }
      counted_.push_back(walked.part_id);
      const std::uint64_t base = begun_;
      begun_ += walked.outcome.begun;
      ran_ += walked.outcome.run;
      add(statistics_, walked.statistics);
      if (count_part(walked.outcome, base, "dfs", /*indexed=*/false, header_, options_, result_, error_) ||
          ran_ >= options_.schedules) {
        finish();
        return;
      }
      for (std::uint32_t i = 0; i < walked.children; ++i) {
        Key child = key;
        child.push_back(i);
        order_.push_back(std::move(child));
      }
      if (order_.empty()) {
        statistics_.exhausted = true;
        finish();
      }
    }
  }

  void finish() {
    finished_ = true;
    wake_.notify_all();
  }

  const ParallelDfsSetup& setup_;
  const TraceHeader& header_;
  const ExploreOptions& options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<Key, Part, Before> ready_;   // parts no thread has taken yet
  std::map<Key, Walked, Before> done_;  // walked, waiting for the parts before them
  std::deque<Key> order_;               // the queue of one thread's search, from the next part to count
  std::optional<Key> stop_;             // the earliest part known to end the search
  std::atomic<std::uint64_t> stop_generation_{0};
  std::uint64_t next_id_ = 0;
  unsigned running_ = 0;
  std::uint64_t begun_ = 0;  // schedules begun in the counted parts: the next part's first index
  std::uint64_t ran_ = 0;    // of them run to their end: what --schedules counts
  bool finished_ = false;
  DfsStatistics statistics_;
  ExploreResult result_;
  std::vector<std::uint64_t> counted_;
  std::exception_ptr error_;
};

}  // namespace

ParallelExploreResult explore_dfs_parallel(const ParallelDfsSetup& setup, const TraceHeader& header,
                                           const ExploreOptions& options) {
  auto started = std::chrono::steady_clock::now();  // statistics only, never a decision
  ParallelDfs run(setup, header, options);
  ParallelExploreResult outcome = run.run();
  outcome.result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace interleave
