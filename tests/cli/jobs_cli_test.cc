// -j 2 prints, logs and saves what -j 1 does: explore (random, pct, dfs,
// holding and failing, --keep-going, --shard, --schedule-log) and hunt on a
// small catalogue, compared byte for byte after the wall-clock fields
// (elapsed_s, schedules_per_s) are taken out.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;

// The JSON without its wall-clock fields, at any depth.
nlohmann::ordered_json without_clock(nlohmann::ordered_json json) {
  if (json.is_object()) {
    json.erase("elapsed_s");
    json.erase("schedules_per_s");
    for (auto& [key, value] : json.items()) value = without_clock(value);
  } else if (json.is_array()) {
    for (auto& value : json) value = without_clock(value);
  }
  return json;
}

// `text` with each "FOLDER/" written "OUT/".
std::string in_folder_out(std::string text, const std::string& folder) {
  for (std::size_t at = 0; (at = text.find(folder + "/", at)) != std::string::npos; at += 4) {
    text.replace(at, folder.size(), "OUT");
  }
  return text;
}

class Jobs : public CliFixture {
 protected:
  // Runs `args` with -j 1 into folder one/ and -j 2 into two/ and expects
  // the same exit code, the same --json (but the clock and the folder),
  // the same trace and report bytes, and the same schedule log.
  void expect_same(const std::string& args, int expected_exit_code) {
    const CommandResult one = run(args + " -j 1 --json --out one --schedule-log one.log");
    const CommandResult two = run(args + " -j 2 --json --out two --schedule-log two.log");
    ASSERT_EQ(one.exit_code, expected_exit_code) << one.err;
    ASSERT_EQ(two.exit_code, expected_exit_code) << two.err;
    nlohmann::ordered_json a = without_clock(nlohmann::ordered_json::parse(one.out));
    nlohmann::ordered_json b = without_clock(nlohmann::ordered_json::parse(two.out));
    EXPECT_EQ(a.value("trace", ""), expected_exit_code == kViolation ? "one/trace.json" : "");
    a.erase("trace");
    b.erase("trace");
    EXPECT_EQ(a.dump(), b.dump());
    EXPECT_EQ(read_file(work() / "one.log"), read_file(work() / "two.log"));
    EXPECT_FALSE(read_file(work() / "one.log").empty());
    if (expected_exit_code == kViolation) {
      EXPECT_EQ(read_file(work() / "one" / "trace.json"), read_file(work() / "two" / "trace.json"));
      // The report names its trace by the folder it was written to.
      EXPECT_EQ(in_folder_out(read_file(work() / "one" / "report.md"), "one"),
                in_folder_out(read_file(work() / "two" / "report.md"), "two"));
    }
  }
};

TEST_F(Jobs, RandomFindsTheSameRace) {
  // The first violation at schedule 201 of seed 1, with faults injected.
  expect_same("explore tenant-lifecycle --variant fixed --strategy random --seed 1 --schedules 20000", kViolation);
}

TEST_F(Jobs, RandomHoldsOverTheSameSchedules) {
  expect_same("explore tenant-slug-race --variant fixed --strategy random --seed 4 --schedules 3000", kHolds);
}

TEST_F(Jobs, RandomKeepsGoingAndShardsAlike) {
  expect_same(
      "explore deletion-window --variant fixed --strategy random --seed 2 --schedules 1500 --keep-going --shard 1/2",
      kViolation);
}

TEST_F(Jobs, PctFindsTheSameRace) {
  expect_same("explore tenant-lifecycle --variant fixed --strategy pct --seed 5 --schedules 20000", kViolation);
}

TEST_F(Jobs, DfsFindsTheSameRace) {
  // The first violation at schedule 37, in a part deferred by the first round.
  expect_same("explore deletion-window --variant fixed --strategy dfs --preemption-bound 2", kViolation);
}

TEST_F(Jobs, DfsCutBySchedulesAndShardedAlike) {
  expect_same("explore tenant-slug-race --variant fixed --strategy dfs --preemption-bound 2 --schedules 2500", kHolds);
  expect_same(
      "explore deletion-window --variant fixed --strategy dfs --preemption-bound 1 --keep-going --shard 1/3",
      kViolation);
}

TEST_F(Jobs, HuntWritesTheSameSummaryAndTraces) {
  write_file(work() / "S" / "window.scn", read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "deletion-window.scn"));
  write_file(work() / "S" / "ghost.scn", read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "ghost-workflow.scn"));
  const CommandResult one = run("hunt --out one --schedules 1500 --scenarios S --quiet -j 1");
  const CommandResult two = run("hunt --out two --schedules 1500 --scenarios S --quiet -j 2");
  ASSERT_EQ(one.exit_code, kHolds) << one.out << one.err;
  ASSERT_EQ(two.exit_code, kHolds) << two.out << two.err;
  auto summary = [this](const char* folder) {
    // The rows name their trace files, which lie in each run's own folder.
    return in_folder_out(
        without_clock(nlohmann::ordered_json::parse(read_file(work() / folder / "summary.json"))).dump(2), folder);
  };
  EXPECT_EQ(summary("one"), summary("two"));
  EXPECT_THAT(summary("one"), HasSubstr("\"OUT/deletion-window/fixed/trace.json\""));
  for (const char* trace : {"deletion-window/seed/trace.json", "deletion-window/fixed/trace.json",
                            "ghost-workflow/seed/trace.json"}) {
    EXPECT_FALSE(read_file(work() / "one" / trace).empty()) << trace;
    EXPECT_EQ(read_file(work() / "one" / trace), read_file(work() / "two" / trace)) << trace;
  }
}

TEST_F(Jobs, PostgresBackendRunsOneScheduleAtATime) {
  const CommandResult result = run("explore tenant-slug-race --backend postgres -j 2");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("--backend postgres runs one schedule at a time"));
}

TEST_F(Jobs, ZeroThreadsIsBadInput) {
  const CommandResult result = run("explore tenant-slug-race -j 0");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("-j"));
}

}  // namespace
}  // namespace interleave
