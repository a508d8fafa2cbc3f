// A divergence is not a race. A deliberately broken model rule (the
// row-lock queue switched off: every waiter wakes when the holder commits,
// and the schedule, not PostgreSQL's tuple lock, picks who goes next) run in
// lockstep on the suite's server must diverge on the README's example; what
// explore then saves must read as the model's divergence, never as a race in
// the application, its index must lie within the schedules tried, and its
// trace must replay on the model alone up to the point where the server
// answered otherwise. The divergence shrinks on the server like a race.

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/exploration.h"
#include "app/run_files.h"
#include "backends/pg/server_mirror.h"
#include "harness/shrinker.h"
#include "model/world.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"
#include "scenarios/scenario_shrinker.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The model's row-lock queue broken in every world, then (when given) the
// mirror on the server.
class BrokenRowQueue final : public model::WorldObserver {
 public:
  explicit BrokenRowQueue(impl::pg::ServerMirror* mirror) : mirror_(mirror) {}
  void world_built(model::World& world) override {
    world.db.break_row_lock_queue_for_tests();
    if (mirror_) mirror_->world_built(world);
  }
  void world_finished(const model::World& world) noexcept override {
    if (mirror_) mirror_->world_finished(world);
  }

 private:
  impl::pg::ServerMirror* mirror_;
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DivergenceOnPostgres, BrokenRowQueueIsReportedAsTheModelsDivergenceNotARace) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario& scenario = *scenarios::find_scenario(catalogue, "section-id-race");
  impl::pg::ServerMirror mirror({.dsn = ""});
  BrokenRowQueue broken(&mirror);
  app::ExplorationSettings settings;
  settings.strategy = "random";
  settings.seed = 1;
  settings.schedules = 80;
  settings.observer = &broken;
  ExploreResult result = app::explore_variant(scenario, "alt", settings);
  ASSERT_FALSE(mirror.failure()) << *mirror.failure();
  ASSERT_TRUE(result.trace) << "the broken rule never diverged in " << result.schedules_run << " schedules";
  const Trace& trace = *result.trace;
  ASSERT_EQ(trace.verdict.status, VerdictStatus::kDivergence) << trace.verdict.message;
  EXPECT_THAT(trace.verdict.message, HasSubstr("on PostgreSQL: "));
  EXPECT_LT(*result.first_failure_at, result.schedules_run + result.schedules_not_replayable);

  const std::filesystem::path out = std::filesystem::temp_directory_path() / "interleave-divergence-report-test";
  std::filesystem::remove_all(out);
  app::write_trace_and_report(trace, out.string());
  const std::string markdown = read_text(out / "report.md");
  EXPECT_THAT(markdown, HasSubstr("# Model fidelity divergence: the model and PostgreSQL disagree"));
  EXPECT_THAT(markdown, Not(HasSubstr("# Race")));
  EXPECT_THAT(markdown, Not(HasSubstr("Acceptance Criteria")));
  EXPECT_THAT(markdown, Not(HasSubstr("race-condition")));
  EXPECT_THAT(markdown, HasSubstr("- The model: "));
  EXPECT_THAT(markdown, HasSubstr("--backend postgres"));
  EXPECT_THAT(read_text(out / "report.html"), Not(HasSubstr("<h1>Race")));
  std::filesystem::remove_all(out);

  // The same (broken) model alone replays the saved schedule to the
  // divergence point: the trace stops where the server disagreed.
  BrokenRowQueue model_only(nullptr);
  ReplayResult replayed = replay(scenarios::program_factory(scenario, "alt", nullptr, &model_only), trace);
  EXPECT_FALSE(replayed.divergence) << *replayed.divergence;
  EXPECT_TRUE(replayed.reached_divergence_point);
}

// A divergence shrinks like a race: on the server, to a schedule that
// still diverges the same way (the same kind of disagreement on the same
// statement, names and numbers aside), no bigger than the one found, and
// the model alone replays the shrunk trace to its divergence point.
TEST(DivergenceOnPostgres, BrokenRowQueueDivergenceShrinksOnTheServer) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario& scenario = *scenarios::find_scenario(catalogue, "section-id-race");
  impl::pg::ServerMirror mirror({.dsn = ""});
  BrokenRowQueue broken(&mirror);
  app::ExplorationSettings settings;
  settings.strategy = "random";
  settings.seed = 1;
  settings.schedules = 80;
  settings.observer = &broken;
  ExploreResult result = app::explore_variant(scenario, "alt", settings);
  ASSERT_FALSE(mirror.failure()) << *mirror.failure();
  ASSERT_TRUE(result.trace && result.trace->verdict.status == VerdictStatus::kDivergence);
  const Trace& found = *result.trace;

  scenarios::ShrinkOptions options{.max_runs = 60, .search_schedules = 5, .preemption_search_schedules = 10};
  options.observer = &broken;
  // The server's timing decides whether a divergence comes back on a re-run
  // (under load it may not): as `interleave fidelity`, a few attempts.
  std::optional<scenarios::ShrunkCounterexample> attempt;
  for (int tries = 1; !attempt; ++tries) {
    try {
      attempt = scenarios::shrink_counterexample(scenario, "alt", found, options);
    } catch (const scenarios::ShrinkError& error) {
      ASSERT_LT(tries, 5) << error.what();
    }
  }
  const scenarios::ShrunkCounterexample& shrunk = *attempt;
  ASSERT_FALSE(mirror.failure()) << *mirror.failure();
  EXPECT_EQ(shrunk.trace.verdict.status, VerdictStatus::kDivergence);
  EXPECT_TRUE(Failure::of(found).matches(shrunk.trace)) << found.verdict.message << "\n" << shrunk.trace.verdict.message;
  EXPECT_GT(shrunk.runs, 0u);
  EXPECT_LE(shrunk.shrunk.actors, shrunk.original.actors);
  EXPECT_LE(shrunk.shrunk.choices, shrunk.original.choices);
  EXPECT_LE(shrunk.shrunk.preemptions, shrunk.original.preemptions);

  BrokenRowQueue model_only(nullptr);
  const scenarios::Scenario replayed =
      shrunk.trace.scenario_source.empty() ? scenario : shrunk.scenario;
  ReplayResult again = replay(scenarios::program_factory(replayed, "alt", nullptr, &model_only), shrunk.trace);
  EXPECT_FALSE(again.divergence) << *again.divergence;
  EXPECT_TRUE(again.reached_divergence_point);
}

}  // namespace
}  // namespace interleave
