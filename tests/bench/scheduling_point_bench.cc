// The cost of one scheduling point against one bare Boost.Fiber yield switch,
// in one run: compare the two time_per_switch figures.
//   build/tests/bench/interleave_bench --benchmark_filter='Yield|SchedulingPoint'
//
// Each measurement runs on a thread of its own, because a thread has one
// fiber scheduling algorithm: the bare yields use Boost's round robin, the
// scheduling points the harness's controlled algorithm.

#include <benchmark/benchmark.h>

#include <boost/fiber/all.hpp>
#include <chrono>
#include <thread>

#include "harness/execution.h"
#include "tests/harness/test_program.h"

namespace interleave {
namespace {

constexpr int kSwitchesPerActor = 10'000;

// Always hands over to the next runnable actor, so every point is a switch,
// as every bare yield is.
class AlternatingStrategy final : public Strategy {
 public:
  bool begin_schedule(std::uint64_t) override { return true; }
  Decision decide(const DecisionRequest& request) override {
    if (request.kind == DecisionRequest::Kind::kDraw) return Decision::pick(0);
    for (ActorId id : request.runnable) {
      if (id > request.current || request.current == kNoActor) return Decision::pick(id);
    }
    return Decision::pick(request.runnable.front());
  }
  std::string name() const override { return "alternating"; }
};

template <typename Body>
double seconds_on_own_thread(Body body) {
  double seconds = 0;
  std::thread thread([&] { seconds = body(); });
  thread.join();
  return seconds;
}

// time_per_switch: the figure the two benchmarks are compared by.
void report_switches(benchmark::State& state) {
  const double switches = static_cast<double>(state.iterations()) * 2 * kSwitchesPerActor;
  state.SetItemsProcessed(static_cast<std::int64_t>(switches));
  state.counters["time_per_switch"] =
      benchmark::Counter(switches, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_BareFiberYield(benchmark::State& state) {
  for (auto _ : state) {
    state.SetIterationTime(seconds_on_own_thread([] {
      auto actor = [] {
        for (int i = 0; i < kSwitchesPerActor; ++i) boost::this_fiber::yield();
      };
      auto started = std::chrono::steady_clock::now();
      boost::fibers::fiber a(actor), b(actor);
      a.join();
      b.join();
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }));
  }
  report_switches(state);
}
BENCHMARK(BM_BareFiberYield)->UseManualTime()->Unit(benchmark::kMicrosecond);

void BM_SchedulingPoint(benchmark::State& state) {
  for (auto _ : state) {
    state.SetIterationTime(seconds_on_own_thread([] {
      auto actor = [](Execution& exec) {
        for (int i = 0; i < kSwitchesPerActor; ++i) exec.scheduling_point();
      };
      test_support::LambdaProgram program({{"a", actor}, {"b", actor}});
      AlternatingStrategy strategy;
      Execution exec(strategy, {.max_steps = 4 * kSwitchesPerActor}, /*record_events=*/false);
      auto started = std::chrono::steady_clock::now();
      exec.run(program);
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }));
  }
  report_switches(state);
}
BENCHMARK(BM_SchedulingPoint)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace interleave
