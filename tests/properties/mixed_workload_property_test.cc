// RapidCheck properties over generated mixed workloads (mixed_workload.h):
// every fix holds together on every generated mix and schedule, and each
// report's seeded race is still found, shrunk and replayed from its trace
// when other services' calls run around it. A failing mix prints the
// `interleave replay` command of its trace beside RapidCheck's reproduce
// string.

#include <sys/wait.h>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "harness/rng.h"
#include "harness/trace.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_writer.h"
#include "tests/properties/mixed_workload.h"
#include "tests/properties/mixed_workload_failure.h"
#include "tests/properties/more_cases.h"

namespace interleave {
namespace {

using test_support::MixedWorkload;

// One case is one mix, one fault budget and one schedule out of very many,
// and a case costs a fraction of a millisecond: these properties run a
// multiple of RapidCheck's configured number of cases (RC_PARAMS
// max_success, 100 by default).
//
// RC_GTEST_PROP with more cases: the same test id, so RapidCheck's
// RC_PARAMS="reproduce=..." line, printed at exit, re-runs a failure here.
template <typename Testable>
void check_this_test_with_more_cases(int factor, Testable&& testable) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const rc::detail::TestMetadata metadata{std::string(test->test_suite_name()) + "/" + test->name(), test->name()};
  std::string message;
  if (test_support::run_with_more_cases(metadata, factor, std::forward<Testable>(testable), message)) {
    std::cout << message << "\n";
  } else {
    ADD_FAILURE() << message;
  }
}

TEST(MixedWorkloadProperty, EveryFixHoldsTogetherOnEveryGeneratedMixAndSchedule) {
  check_this_test_with_more_cases(50, [] {
    const MixedWorkload workload = *test_support::holding_mixed_workloads();
    RC_TAG(test_support::services_label(workload), test_support::faults_label(workload));
    if (test_support::run_mixed(workload).status != VerdictStatus::kHolds) {
      RC_FAIL(test_support::report_mixed_failure(workload, test_support::failure_directory()).message);
    }
  });
}

// Runs the command as a process; its exit code, or -1 when it did not exit.
int exit_code_of(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

constexpr int kViolationReproduced = 1;  // app/exit_codes.h; 4 would be a divergence

// The tests below take the failure path on purpose: their traces go.
class RemovedAfterwards {
 public:
  explicit RemovedAfterwards(std::filesystem::path folder) : folder_(std::move(folder)) {}
  ~RemovedAfterwards() {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
    std::filesystem::remove(folder_.parent_path(), ignored);  // the process's folder, once empty
  }
  const std::filesystem::path& path() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

// Keeps RapidCheck quiet about the searches below, whose failures are the
// point: its global listener would otherwise print a reproduce string at
// exit as if a test had failed.
class QuietListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

struct Found {
  MixedWorkload workload;
  Verdict verdict;
  int cases_before = 0;  // cases that held before the first failing one
};

// RapidCheck over `workloads`, expecting a failure: the shrunk
// counterexample, or nullopt when every case held. RapidCheck accepts every
// failing shrink at once, so the last failing case it runs is the one it
// reports.
std::optional<Found> search(const std::string& name, const rc::Gen<MixedWorkload>& workloads) {
  std::optional<Found> last;
  QuietListener quiet;
  const rc::detail::TestResult result = rc::detail::checkTestable(
      [&] {
        const MixedWorkload workload = *workloads;
        const Verdict verdict = test_support::run_mixed(workload);
        if (verdict.status != VerdictStatus::kHolds) last = Found{workload, verdict};
        RC_ASSERT(verdict.status == VerdictStatus::kHolds);
      },
      rc::detail::TestMetadata{name, name}, test_support::more_cases(10), quiet);
  rc::detail::FailureResult failure;
  if (!result.match(failure) || !last) return std::nullopt;
  last->cases_before = failure.numSuccess;
  return last;
}

// A report's seeded race, and what its violation says.
struct SeedFamily {
  std::string service;
  std::string property;
  std::string marker;  // in the violation's message
};

void PrintTo(const SeedFamily& family, std::ostream* os) { *os << family.service; }

class SeedRaceInMixedWorkloads : public ::testing::TestWithParam<SeedFamily> {};

TEST_P(SeedRaceInMixedWorkloads, IsFoundShrunkAndReplayedFromItsTrace) {
  const SeedFamily& family = GetParam();
  std::optional<Found> found = search("seed " + family.service + " race in mixed workloads",
                                      test_support::seed_family_workloads(family.service));
  ASSERT_TRUE(found) << "the seeded " << family.service << " race was not found in mixed workloads";
  const std::string& message = found->verdict.message;
  EXPECT_EQ(found->verdict.status, VerdictStatus::kViolation) << message;
  EXPECT_EQ(found->verdict.property, family.property) << message;
  EXPECT_NE(message.find(family.marker), std::string::npos) << message;
  std::cout << "found after " << found->cases_before << " holding cases: " << message << "\n";
  test_support::showValue(found->workload, std::cout);

  // What a failing property would print replays the shrunk counterexample.
  const RemovedAfterwards folder(test_support::failure_directory());
  const test_support::MixedFailureReport report = test_support::report_mixed_failure(found->workload, folder.path());
  EXPECT_EQ(exit_code_of(report.replay_command), kViolationReproduced) << report.replay_command;
}

INSTANTIATE_TEST_SUITE_P(
    MixedWorkloadProperty, SeedRaceInMixedWorkloads,
    ::testing::Values(SeedFamily{"tenant", "unique-slugs", "create_tenant("},
                      SeedFamily{"storefront", "unique-section-ids", "was told it succeeded"},
                      SeedFamily{"deletion", "no-5xx-during-deletion", "got 500 Internal Server Error"},
                      SeedFamily{"registration", "no-ghost-workflows", "workflow tenant-provision-"},
                      SeedFamily{"membership", "idempotent-membership", "failed although both exist"}),
    [](const ::testing::TestParamInfo<SeedFamily>& info) { return info.param.service; });

// Report 002's deletion window and report 001's ghost workflow, side by side
// as reported: some schedules break either.
constexpr std::string_view kKnownFailingMix = R"(scenario known-failing-mix
service  deletion registration
property no-5xx-during-deletion
property no-ghost-workflows
variants seed
expect   seed fails no-5xx-during-deletion no-ghost-workflows
given tenant slug=acme
actor admin-1   delete_tenant tenant=acme
actor request-2 get_products tenant=acme
actor signup-3  register email=b@x slug=globex
)";

// The first of a fixed series of schedules under which `workload` fails.
std::optional<std::vector<std::uint32_t>> failing_schedule(MixedWorkload workload) {
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    Rng rng(seed);
    workload.schedule.assign(64, 0);
    for (std::uint32_t& value : workload.schedule) value = rng.bounded(8);
    if (test_support::run_mixed(workload).status != VerdictStatus::kHolds) return workload.schedule;
  }
  return std::nullopt;
}

MixedWorkload known_failing_mix() {
  MixedWorkload workload{scenarios::parse_scenario(kKnownFailingMix, "known-failing-mix.scn"), "seed", {}};
  scenarios::validate(workload.scenario);
  return workload;
}

TEST(MixedWorkloadFailureReport, PrintsAReplayCommandThatReproducesTheViolation) {
  MixedWorkload workload = known_failing_mix();
  auto schedule = failing_schedule(workload);
  ASSERT_TRUE(schedule) << "no schedule of the series breaks the known failing mix";
  workload.schedule = *schedule;
  const Verdict verdict = test_support::run_mixed(workload);

  const RemovedAfterwards folder(test_support::failure_directory());
  const test_support::MixedFailureReport report = test_support::report_mixed_failure(workload, folder.path());
  EXPECT_EQ(report.replay_command, std::string(INTERLEAVE_BINARY) + " replay " + report.trace_path.string());
  EXPECT_NE(report.message.find(report.replay_command), std::string::npos) << report.message;
  EXPECT_NE(report.message.find(verdict.property), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("RC_PARAMS=\"reproduce="), std::string::npos) << report.message;
  const Trace trace = load_trace_file(report.trace_path.string());
  EXPECT_EQ(trace.scenario_source, scenarios::write_scenario(workload.scenario));
  EXPECT_EQ(trace.verdict.property, verdict.property);
  EXPECT_EQ(exit_code_of(report.replay_command), kViolationReproduced) << report.replay_command;
}

TEST(MixedWorkloadFailureReport, RefusesARunThatHolds) {
  MixedWorkload workload = known_failing_mix();
  workload.scenario.actors.resize(1);  // the deletion alone breaks nothing
  const RemovedAfterwards folder(test_support::failure_directory());
  EXPECT_THROW(test_support::report_mixed_failure(workload, folder.path()), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "trace.json"));
}

}  // namespace
}  // namespace interleave
