#pragma once
// What a long run is doing, for the person watching it: the variant (k of
// N), the phase (explore, shrink, pct, dfs, postgres), schedules done of the
// total, the rate and the time left.
//
// On a terminal one line is rewritten in place at least every second; in a
// CI log (not a terminal) a plain line is printed when a phase starts and
// every 10 s. A thread of the meter's own does the printing, so a phase that
// reports no counts (shrinking, a PostgreSQL replay) still shows its elapsed
// time. It only reads counters and writes stderr: it never touches a run, so
// runs stay deterministic.
//
// Example:
//   ProgressMeter meter(stderr);
//   meter.variant(2, 19, "tenant-slug-race fixed");
//   meter.phase("explore", 100000);
//   ... meter.advance(done) from the run ...
//   meter.above([&] { fmt::print("a result row\n"); });

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace interleave::app {

class ProgressMeter {
 public:
  enum class Style { kTerminal, kLines };

  // The style follows whether `out` is a terminal.
  explicit ProgressMeter(std::FILE* out);
  ProgressMeter(std::FILE* out, Style style);
  ~ProgressMeter();  // stops the thread and clears a terminal line
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // index counts from 1; 0 shows the name alone (a run of one variant).
  void variant(std::size_t index, std::size_t count, std::string name);
  // Starts a phase and shows it at once; total 0 when the count is unknown.
  void phase(std::string name, std::uint64_t total);
  // Schedules done in the current phase; cheap, from the run's thread.
  void advance(std::uint64_t done) { done_.store(done, std::memory_order_relaxed); }
  // Runs `print` (a result line on stdout or stderr) with the terminal line
  // out of its way; the line comes back at the next update.
  void above(const std::function<void()>& print);

  // "variant 2/19 tenant-slug-race fixed: explore 12000/100000 schedules,
  // 95000/s, ETA 1 s" (without a total: "shrink, 3.2 s").
  std::string line() const;

 private:
  void run();
  void show();  // with mutex_ held

  std::FILE* out_;
  Style style_;
  std::chrono::milliseconds every_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool shown_ = false;  // a terminal line is on screen
  std::string variant_;
  std::string phase_;
  std::uint64_t total_ = 0;
  std::chrono::steady_clock::time_point phase_started_;  // wall time: display only
  std::atomic<std::uint64_t> done_{0};
  std::thread thread_;
};

}  // namespace interleave::app
