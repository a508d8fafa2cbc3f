// The price of proof: replays per second of the same traces on the model
// alone and on the model plus a real PostgreSQL in lockstep (a database of
// their own each, one connection per model connection, the server settled
// after every statement). Each of the catalogue's races, as its shrunk
// trace (pct, seed 1), also on a database kept from the previous replay
// (`postgres-warm`: what creating a database adds is the difference). And
// exploration: schedules per second of every variant on the model alone and
// in lockstep on the server, where one database serves a whole exploration
// and is reset between schedules (the
// reset's cost beside a fresh database's). Needs a server:
//   pg_virtualenv build/tests/bench/interleave_pg_bench --benchmark_filter='Replay|Explore'


#include <benchmark/benchmark.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "app/exploration.h"
#include "app/postgres_replay.h"
#include "app/shrinking.h"
#include "app/trace_scenario.h"
#include "backends/pg/pg_database.h"
#include "backends/pg/server_mirror.h"
#include "model/app_schema.h"
#include "scenarios/catalogue.h"

namespace interleave::bench {
namespace {

struct Race {
  std::string scenario_name;
  std::string variant;
  // Found and shrunk on first use, so listing the benchmarks stays cheap.
  std::unique_ptr<scenarios::Scenario> scenario;  // the shrunk trace's own
  Trace trace;
};

std::deque<scenarios::Scenario>& catalogue() {
  static std::deque<scenarios::Scenario> scenarios = [] {
    auto loaded = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
    return std::deque<scenarios::Scenario>(loaded.begin(), loaded.end());
  }();
  return scenarios;
}

void find_and_shrink(Race& race) {
  if (race.scenario) return;
  const scenarios::Scenario& scenario = *std::find_if(catalogue().begin(), catalogue().end(), [&](const auto& each) {
    return each.name == race.scenario_name;
  });
  app::ExplorationSettings settings{.strategy = "pct", .seed = 1, .schedules = 1000};
  ExploreResult result = app::explore_variant(scenario, race.variant, settings);
  app::shrink_found_violation(scenario, race.variant, result);
  race.trace = *result.trace;
  race.scenario = std::make_unique<scenarios::Scenario>(
      app::scenario_for_trace(race.trace, "(benchmark)", INTERLEAVE_SCENARIO_DIR));
}

// What every replay on the server pays first: a fresh database with the
// backend's tables, dropped afterwards (a DROP DATABASE forces a checkpoint).
void BM_FreshDatabase(benchmark::State& state) {
  for (auto _ : state) impl::pg::PgDatabase database("", model::app_tables());
  state.counters["per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// What a server schedule pays instead since one database serves a whole
// exploration: one round trip that empties it.
void BM_ResetDatabase(benchmark::State& state) {
  impl::pg::PgDatabase database("", model::app_tables());
  for (auto _ : state) database.reset();
  state.counters["per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Schedules per second of one variant, random strategy, a new seed per
// iteration, on the model alone or in lockstep on the server (every
// schedule tried counts, also those the server cannot follow), once the
// run's database exists.
void BM_Explore(benchmark::State& state, const scenarios::Scenario* scenario, const std::string* variant,
                bool on_postgres) {
  std::optional<impl::pg::ServerMirror> mirror;
  if (on_postgres) mirror.emplace(impl::pg::MirrorOptions{});
  app::ExplorationSettings settings{.strategy = "random", .keep_going = true, .seed = 1, .schedules = 10};
  settings.observer = mirror ? &*mirror : nullptr;
  // The run's database is made before the clock starts: a run makes it once
  // (Replay/fresh-database says what that costs), and a one-iteration
  // measurement would mostly time that.
  if (mirror) app::explore_variant(*scenario, *variant, settings);
  std::uint64_t schedules = 0;
  for (auto _ : state) {
    const ExploreResult result = app::explore_variant(*scenario, *variant, settings);
    if (mirror && mirror->failure()) state.SkipWithError(mirror->failure()->c_str());
    schedules += result.schedules_run + result.schedules_not_replayable;
    ++settings.seed;
  }
  state.counters["schedules_per_s"] =
      benchmark::Counter(static_cast<double>(schedules), benchmark::Counter::kIsRate);
}

void BM_ReplayModel(benchmark::State& state, Race* race) {
  find_and_shrink(*race);
  const ProgramFactory factory = scenarios::program_factory(*race->scenario, race->variant);
  for (auto _ : state) {
    if (replay(factory, race->trace).divergence) state.SkipWithError("the model diverged from its own trace");
  }
  state.counters["replays_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
}

// With `warm`, on a database kept from the previous replay and emptied, as
// hunt --confirm-postgres replays a variant's samples: the replay's own
// cost, without creating a database (made by one replay before the clock).
void BM_ReplayPostgres(benchmark::State& state, Race* race, bool warm) {
  find_and_shrink(*race);
  std::optional<impl::pg::ServerMirror> kept;
  if (warm) {
    kept.emplace(impl::pg::MirrorOptions{});
    app::replay_on_postgres(*race->scenario, race->trace, *kept);
  }
  std::size_t statements = 0;
  for (auto _ : state) {
    const app::PostgresReplay result = kept ? app::replay_on_postgres(*race->scenario, race->trace, *kept)
                                            : app::replay_on_postgres(*race->scenario, race->trace, "");
    if (!result.reproduced()) state.SkipWithError(app::describe(result).c_str());
    statements = result.statements.size();
  }
  state.counters["replays_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                       benchmark::Counter::kIsRate);
  state.counters["statements"] = static_cast<double>(statements);
}

}  // namespace

// A pair per race of the catalogue. Called from main: the catalogue's
// registries are not built yet while static objects are.
void register_replay_benchmarks() {
  benchmark::RegisterBenchmark("Replay/fresh-database", BM_FreshDatabase)->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Explore/reset-database", BM_ResetDatabase)->UseRealTime()->Unit(benchmark::kMillisecond);
  for (const scenarios::Scenario& scenario : catalogue()) {
    for (const std::string& variant : scenario.variants) {
      const std::string name = fmt::format("Explore/{}/{}", scenario.name, variant);
      for (const bool on_postgres : {false, true}) {
        benchmark::RegisterBenchmark((name + (on_postgres ? "/postgres" : "/model")).c_str(), BM_Explore, &scenario,
                                     &variant, on_postgres)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
      }
    }
  }
  static std::deque<Race> races;
  for (const scenarios::Scenario& scenario : catalogue()) {
    for (const scenarios::Expectation& expected : scenario.expectations) {
      if (expected.holds) continue;
      Race& race = races.emplace_back(Race{scenario.name, expected.variant, nullptr, {}});
      const std::string name = fmt::format("Replay/{}/{}", scenario.name, expected.variant);
      // Wall time: the server's work is not this process's CPU time.
      benchmark::RegisterBenchmark((name + "/model").c_str(), BM_ReplayModel, &race)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark((name + "/postgres").c_str(), BM_ReplayPostgres, &race, false)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark((name + "/postgres-warm").c_str(), BM_ReplayPostgres, &race, true)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace interleave::bench
