// Shrinking end to end: explore and hunt save the shrunk violation and
// report its sizes; replay runs a shrunk trace from the scenario it carries.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Result = CommandResult;

class ShrinkCli : public CliFixture {
 protected:
  nlohmann::ordered_json json_file(const std::string& path) const {
    return nlohmann::ordered_json::parse(read_file(work() / path));
  }
};

void expect_sizes(const nlohmann::json& sizes) {
  for (const char* key : {"actors", "operations", "choices", "steps", "preemptions", "faults"}) {
    EXPECT_TRUE(sizes.contains(key) && sizes[key].is_number_unsigned()) << key << " in " << sizes.dump();
  }
}

TEST_F(ShrinkCli, ExploreJsonReportsOriginalAndShrunkSizes) {
  Result result = run(kExploreSeed);
  ASSERT_EQ(result.exit_code, kViolation) << result.err;
  nlohmann::json json = nlohmann::json::parse(result.out);
  ASSERT_TRUE(json.contains("shrunk")) << result.out;
  const auto& shrunk = json["shrunk"];
  expect_sizes(shrunk["original"]);
  expect_sizes(shrunk["shrunk"]);
  EXPECT_EQ(shrunk["original"]["actors"], 3);
  EXPECT_EQ(shrunk["shrunk"]["actors"], 2);
  EXPECT_LE(shrunk["shrunk"]["preemptions"].get<int>(), 2);
  EXPECT_LE(shrunk["shrunk"]["choices"].get<int>(), shrunk["original"]["choices"].get<int>());
  EXPECT_TRUE(shrunk["runs"].is_number_unsigned());
  EXPECT_TRUE(shrunk["elapsed_s"].is_number());
  EXPECT_EQ(json["property"], "unique-slugs");

  // The saved trace is the shrunk one, with the smaller scenario it runs.
  nlohmann::json trace = json_file("D/trace.json");
  EXPECT_EQ(trace["choices"].size(), shrunk["shrunk"]["choices"].get<std::size_t>());
  ASSERT_TRUE(trace.contains("scenario_source"));
  EXPECT_THAT(trace["scenario_source"].get<std::string>(), HasSubstr("scenario tenant-slug-race\n"));
  EXPECT_THAT(trace["scenario_source"].get<std::string>(), Not(HasSubstr("api-3")));

  Result replayed = run("replay D/trace.json");
  EXPECT_EQ(replayed.exit_code, kViolation) << replayed.out << replayed.err;
  EXPECT_THAT(replayed.out, HasSubstr("reproduced violation unique-slugs"));
}

TEST_F(ShrinkCli, ExploreTextNamesTheShrunkSizes) {
  Result result = run("explore tenant-slug-race --seed 1 --out D");
  EXPECT_EQ(result.exit_code, kViolation) << result.err;
  EXPECT_THAT(result.out, HasSubstr("shrunk in"));
  EXPECT_THAT(result.out, HasSubstr("actors 3 -> 2"));
}

TEST_F(ShrinkCli, NoShrinkSavesTheViolationAsFound) {
  Result shrunk = run(kExploreSeed);
  ASSERT_EQ(shrunk.exit_code, kViolation);
  nlohmann::json sizes = nlohmann::json::parse(shrunk.out)["shrunk"]["original"];
  Result result = run(std::string(kExploreSeed) + " --no-shrink");
  ASSERT_EQ(result.exit_code, kViolation) << result.err;
  EXPECT_FALSE(nlohmann::json::parse(result.out).contains("shrunk"));
  nlohmann::json trace = json_file("D/trace.json");
  // The whole scenario travels with the trace, all three actors.
  EXPECT_THAT(trace["scenario_source"].get<std::string>(), HasSubstr("scenario tenant-slug-race\n"));
  EXPECT_THAT(trace["scenario_source"].get<std::string>(), HasSubstr("actor api-3 "));
  EXPECT_EQ(trace["choices"].size(), sizes["choices"].get<std::size_t>());
  EXPECT_EQ(run("replay D/trace.json").exit_code, kViolation);
}

TEST_F(ShrinkCli, ShrinkingIsDeterministic) {
  ASSERT_EQ(run("explore tenant-slug-race --seed 7 --out A --json").exit_code, kViolation);
  ASSERT_EQ(run("explore tenant-slug-race --seed 7 --out B --json").exit_code, kViolation);
  std::string first = read_file(work() / "A" / "trace.json");
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, read_file(work() / "B" / "trace.json"));
}

TEST_F(ShrinkCli, ReplayOfAShrunkTraceNeedsNoCatalogue) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  Result result = run("replay D/trace.json --scenarios nowhere");
  EXPECT_EQ(result.exit_code, kViolation) << result.err;
}

TEST_F(ShrinkCli, ReplayOfABrokenEmbeddedScenarioIsBadInputNamingTraceAndLine) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  nlohmann::ordered_json trace = json_file("D/trace.json");
  std::string source = trace["scenario_source"];
  source.replace(source.find("service"), 7, "servise");
  trace["scenario_source"] = source;
  write_file(work() / "bad.json", trace.dump(2) + "\n");
  Result result = run("replay bad.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("bad.json: embedded scenario:4:1: unknown directive 'servise'"));

  trace["scenario_source"] = 42;
  write_file(work() / "typed.json", trace.dump(2) + "\n");
  result = run("replay typed.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("typed.json: field 'scenario_source': expected a string"));
}

TEST_F(ShrinkCli, ReportOfAShrunkTraceRenders) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  Result result = run("report D/trace.json");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Race Condition Timeline"));
  EXPECT_THAT(result.out, Not(HasSubstr("api-3")));
}

TEST_F(ShrinkCli, HuntSummaryReportsTheShrunkSizes) {
  write_file(work() / "S" / "race.scn", read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "tenant-slug-race.scn"));
  Result result = run("hunt --out H --schedules 2000 --scenarios S --json");
  EXPECT_EQ(result.exit_code, kHolds) << result.out << result.err;
  nlohmann::json summary = json_file("H/summary.json");
  int failing = 0;
  for (const auto& row : summary) {
    if (row["verdict"] == "holds") {
      EXPECT_FALSE(row.contains("shrunk")) << row.dump();
      continue;
    }
    ++failing;
    ASSERT_TRUE(row.contains("shrunk")) << row.dump();
    expect_sizes(row["shrunk"]["original"]);
    expect_sizes(row["shrunk"]["shrunk"]);
    EXPECT_EQ(row["shrunk"]["shrunk"]["actors"], 2) << row.dump();
    EXPECT_EQ(run("replay " + row["trace"].get<std::string>()).exit_code, kViolation) << row.dump();
  }
  EXPECT_EQ(failing, 2) << "seed and alt fail";
}

}  // namespace
}  // namespace interleave
