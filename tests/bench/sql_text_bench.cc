// Exploration speed of a service written with SQL text against the same
// service written with the structured db calls, in one run: compare the two
// time_per_schedule figures, or read BM_SqlTextOverStructured's ratio of
// the two run in turns (goal: text within 10%, ratio <= 1.10; the SQL reader's cache
// makes a text cost a hash lookup after its first parse), and the heap
// allocations each makes per schedule.
//   build/tests/bench/interleave_bench --benchmark_filter='Structured|SqlText'

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <memory>

#include "harness/execution.h"
#include "harness/program.h"
#include "harness/random_strategy.h"
#include "model/db/database.h"
#include "tests/bench/cost_counters.h"

namespace interleave {
namespace {

using model::db::ColumnType;
using model::db::Database;
using model::db::Session;
using model::db::TableDef;
using model::db::Value;

const TableDef kCounters{.name = "counters",
                         .columns = {{"id", ColumnType::kBigInt, true}, {"n", ColumnType::kBigInt, true}}};
const TableDef* const kTables[] = {&kCounters};
constexpr int kSchedules = 200;

// Two actors each read the counter under FOR UPDATE and write it back, in
// one transaction; `text` picks how the statements are written.
class CounterProgram final : public Program {
 public:
  explicit CounterProgram(bool text) : text_(text) {}
  void start(Execution& exec) override {
    db_ = std::make_unique<Database>(exec, kTables);
    exec.spawn({.name = "a", .kind = "bench"}, [this] {
      auto session = db_->connect();
      session->insert("counters", {{"n", std::int64_t{0}}});
      session->commit();
      ready_ = true;
      increment();
    });
    exec.spawn({.name = "b", .kind = "bench"}, [this, &exec] {
      while (!ready_) exec.scheduling_point();
      increment();
    });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }

 private:
  void increment() {
    auto session = db_->connect();
    if (text_) {
      session->execute("BEGIN");
      const auto read = session->execute("SELECT n FROM counters WHERE id = $1 FOR UPDATE", {Value{std::int64_t{1}}});
      const std::int64_t n = std::get<std::int64_t>(read.rows.at(0).at(0));
      session->execute("UPDATE counters SET n = $1 WHERE id = $2", {Value{n + 1}, Value{std::int64_t{1}}});
      session->execute("COMMIT");
    } else {
      const auto rows = session->select("counters", {{"id", std::int64_t{1}}}, model::db::RowLock::kForUpdate);
      const std::int64_t n = std::get<std::int64_t>(rows.at(0)["n"]);
      session->update("counters", {{"n", n + 1}}, {{"id", std::int64_t{1}}});
      session->commit();
    }
  }

  bool text_;
  bool ready_ = false;
  std::unique_ptr<Database> db_;
};

// One batch of kSchedules schedules: its wall time and what it cost.
struct Batch {
  double seconds = 0;
  bench::CostCounters spent;
};

Batch run_batch(benchmark::State& state, bool text) {
  RandomStrategy strategy(7);
  const bench::CostCounters before = bench::CostCounters::now();
  const auto started = std::chrono::steady_clock::now();
  for (int schedule = 0; schedule < kSchedules; ++schedule) {
    CounterProgram program(text);
    strategy.begin_schedule(static_cast<std::uint64_t>(schedule));
    Execution exec(strategy, {}, /*record_events=*/false);
    exec.run(program);
    if (exec.verdict().status != VerdictStatus::kHolds) state.SkipWithError(exec.verdict().message.c_str());
  }
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
          bench::CostCounters::now() - before};
}

void explore(benchmark::State& state, bool text) {
  std::uint64_t allocations = 0;
  for (auto _ : state) {
    const Batch batch = run_batch(state, text);
    state.SetIterationTime(batch.seconds);
    allocations += batch.spent.allocations;
  }
  const double schedules = static_cast<double>(state.iterations()) * kSchedules;
  if (bench::CostCounters::counting()) {
    state.counters["allocations_per_schedule"] = static_cast<double>(allocations) / schedules;
  }
  state.counters["time_per_schedule"] =
      benchmark::Counter(schedules, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The two side by side: each iteration runs a batch of each, in turns, so
// a machine whose speed drifts during the run weighs on both alike.
void BM_SqlTextOverStructured(benchmark::State& state) {
  double structured = 0;
  double text = 0;
  bool text_first = false;
  for (auto _ : state) {
    const Batch first = run_batch(state, text_first);
    const Batch second = run_batch(state, !text_first);
    (text_first ? text : structured) += first.seconds;
    (text_first ? structured : text) += second.seconds;
    state.SetIterationTime(first.seconds + second.seconds);
    text_first = !text_first;
  }
  state.counters["text_over_structured"] = structured > 0 ? text / structured : 0;
}

void BM_StructuredCalls(benchmark::State& state) { explore(state, false); }
void BM_SqlText(benchmark::State& state) { explore(state, true); }
BENCHMARK(BM_StructuredCalls)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqlText)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqlTextOverStructured)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace interleave
