// Sharded exploration end to end: N `interleave explore --shard I/N`
// processes run every schedule of the unsharded run exactly once, and
// `interleave merge` combines their results into the unsharded verdict.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;
using Result = CommandResult;

constexpr int kShards = 3;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::uint64_t index_of(const std::string& log_line) { return std::stoull(log_line.substr(0, log_line.find(' '))); }

class ShardedExplore : public CliFixture {
 protected:
  // Runs shard I of kShards of `explore_args` for every I, each writing its
  // --json output to NAME-I.json; returns those files' names.
  std::vector<std::string> run_shards(const std::string& explore_args, const std::string& name,
                                      int expected_exit_code) const {
    std::vector<std::string> files;
    for (int index = 0; index < kShards; ++index) {
      Result shard = run(fmt::format("{} --shard {}/{} --json", fmt::format(fmt::runtime(explore_args), index),
                                     index, kShards));
      EXPECT_EQ(shard.exit_code, expected_exit_code) << shard.err;
      files.push_back(fmt::format("{}-{}.json", name, index));
      std::ofstream(work() / files.back(), std::ios::binary) << shard.out;
    }
    return files;
  }

  nlohmann::json json_of(const std::string& file) const { return nlohmann::json::parse(read_file(work() / file)); }
  void write_json(const std::string& file, const nlohmann::json& json) const {
    std::ofstream(work() / file, std::ios::binary) << json.dump() << "\n";
  }

};

constexpr const char* kFixed = "explore tenant-slug-race --variant fixed --schedules 3000";

TEST_F(ShardedExplore, ShardsRunEveryScheduleOfTheUnshardedRunExactlyOnce) {
  Result whole = run(std::string(kFixed) + " --schedule-log whole.log --json");
  ASSERT_EQ(whole.exit_code, kHolds) << whole.err;
  std::vector<std::string> expected = lines_of(read_file(work() / "whole.log"));
  ASSERT_EQ(expected.size(), 3000u);

  std::vector<std::string> files = run_shards(std::string(kFixed) + " --schedule-log shard-{}.log", "fixed", kHolds);
  std::vector<std::string> union_of_shards;
  for (int index = 0; index < kShards; ++index) {
    std::vector<std::string> lines = lines_of(read_file(work() / fmt::format("shard-{}.log", index)));
    EXPECT_EQ(lines.size(), 1000u) << "shard " << index;
    EXPECT_EQ(json_of(files[index])["schedules"], 1000) << "shard " << index;
    EXPECT_EQ(json_of(files[index])["shard"], fmt::format("{}/{}", index, kShards));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(index_of(lines[i]) % kShards, static_cast<std::uint64_t>(index)) << lines[i];
      if (i > 0) {
        EXPECT_LT(index_of(lines[i - 1]), index_of(lines[i])) << "shard " << index << " out of order";
      }
    }
    union_of_shards.insert(union_of_shards.end(), lines.begin(), lines.end());
  }
  // As multisets: a schedule run twice or missed changes the sorted lists.
  std::sort(expected.begin(), expected.end());
  std::sort(union_of_shards.begin(), union_of_shards.end());
  EXPECT_EQ(union_of_shards, expected);

  Result merged = run("merge " + files[0] + " " + files[1] + " " + files[2] + " --json");
  ASSERT_EQ(merged.exit_code, kHolds) << merged.err;
  auto json = nlohmann::json::parse(merged.out);
  EXPECT_EQ(json["schedules"], 3000);
  EXPECT_EQ(json["shards"], kShards);
  EXPECT_EQ(json["violations"], 0);
  EXPECT_TRUE(json["first_violation_at"].is_null());
  EXPECT_EQ(json["verdict"], "holds");
  EXPECT_EQ(json["per_shard"].size(), 3u);
}

TEST_F(ShardedExplore, ScheduleLogIsTheSameOnEveryRun) {
  ASSERT_EQ(run("explore tenant-slug-race --variant fixed --schedules 200 --schedule-log a.log").exit_code, kHolds);
  ASSERT_EQ(run("explore tenant-slug-race --variant fixed --schedules 200 --schedule-log b.log").exit_code, kHolds);
  std::string log = read_file(work() / "a.log");
  EXPECT_EQ(lines_of(log).size(), 200u);
  EXPECT_EQ(log, read_file(work() / "b.log"));
}

TEST_F(ShardedExplore, MergeReportsTheEarliestViolationOfTheUnshardedRun) {
  // Report 002's race, first found at schedule 26 with seed 2: not in shard
  // 0, and not in the first file given to merge.
  constexpr const char* kSeed = "explore deletion-window --variant seed --seed 2 --schedules 10000";
  Result whole = run(std::string(kSeed) + " --json");
  ASSERT_EQ(whole.exit_code, kViolation) << whole.err;
  auto first_at = nlohmann::json::parse(whole.out)["first_violation_at"].get<std::uint64_t>();

  // Shards stop at their own first violation; a shard finding none must
  // still be given (it ran its whole part).
  std::vector<std::string> files;
  std::uint64_t schedules = 0;
  for (int index = 0; index < kShards; ++index) {
    Result shard = run(fmt::format("{} --shard {}/{} --out D-{} --json", kSeed, index, kShards, index));
    ASSERT_TRUE(shard.exit_code == kViolation || shard.exit_code == kHolds) << shard.err;
    files.push_back(fmt::format("seed-{}.json", index));
    std::ofstream(work() / files.back(), std::ios::binary) << shard.out;
    schedules += json_of(files.back())["schedules"].get<std::uint64_t>();
  }
  Result merged = run("merge " + files[0] + " " + files[1] + " " + files[2] + " --json");
  ASSERT_EQ(merged.exit_code, kViolation) << merged.err;
  auto json = nlohmann::json::parse(merged.out);
  EXPECT_EQ(json["first_violation_at"], first_at);
  EXPECT_EQ(json["first_violation_shard"], fmt::format("{}/{}", first_at % kShards, kShards));
  EXPECT_EQ(json["trace"], fmt::format("D-{}/trace.json", first_at % kShards));
  EXPECT_EQ(json["verdict"], nlohmann::json::parse(whole.out)["verdict"]);
  EXPECT_EQ(json["property"], "no-5xx-during-deletion");
  EXPECT_EQ(json["schedules"], schedules);
  EXPECT_GE(json["violations"].get<int>(), 1);
  EXPECT_EQ(json_of(fmt::format("D-{}/trace.json", first_at % kShards))["schedule"], first_at);

  Result text = run("merge " + files[2] + " " + files[0] + " " + files[1]);  // in any order
  EXPECT_EQ(text.exit_code, kViolation);
  EXPECT_THAT(text.out, HasSubstr(fmt::format("at schedule {} (shard {}/3)", first_at, first_at % kShards)));
}

TEST_F(ShardedExplore, ExploreRejectsAShardOutsideItsCount) {
  Result result = run("explore tenant-slug-race --variant fixed --shard 3/2");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("--shard 3/2: index must be below the count"));
  EXPECT_THAT(run("explore tenant-slug-race --shard 1-of-2").err, HasSubstr("--shard 1-of-2: expected I/N"));
}

TEST_F(ShardedExplore, MergeRejectsShardsOfAnotherScenario) {
  std::vector<std::string> files =
      run_shards("explore tenant-slug-race --variant fixed --schedules 30", "fixed", kHolds);
  auto other = json_of(files[1]);
  other["scenario"] = "ghost-workflow";
  write_json("other.json", other);
  Result result = run("merge " + files[0] + " other.json " + files[2]);
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("other.json: scenario \"ghost-workflow\" differs from \"tenant-slug-race\" in " +
                                    files[0]));
  EXPECT_TRUE(result.out.empty());
}

TEST_F(ShardedExplore, MergeRejectsAMissingOrRepeatedShard) {
  std::vector<std::string> files =
      run_shards("explore tenant-slug-race --variant fixed --schedules 30", "fixed", kHolds);
  Result missing = run("merge " + files[0] + " " + files[2]);
  EXPECT_EQ(missing.exit_code, kBadInput);
  EXPECT_THAT(missing.err, HasSubstr("1 of 3 shards missing: 1/3"));
  EXPECT_THAT(missing.err, HasSubstr(files[2] + " = 2/3"));

  Result repeated = run("merge " + files[0] + " " + files[1] + " " + files[1]);
  EXPECT_EQ(repeated.exit_code, kBadInput);
  EXPECT_THAT(repeated.err, HasSubstr(files[1] + " and " + files[1] + " are both shard 1/3"));

  Result unsharded = run("explore tenant-slug-race --variant fixed --schedules 30 --json");
  std::ofstream(work() / "whole.json", std::ios::binary) << unsharded.out;
  Result mixed = run("merge whole.json " + files[1]);
  EXPECT_EQ(mixed.exit_code, kBadInput);
  EXPECT_THAT(mixed.err, HasSubstr(files[1] + ": shard 1/3 is one of 3, but whole.json is shard 0/1"));
}

TEST_F(ShardedExplore, MergeNamesAFileThatIsNotAnExploreResult) {
  std::ofstream(work() / "broken.json", std::ios::binary) << "{\"scenario\": ";
  Result broken = run("merge broken.json");
  EXPECT_EQ(broken.exit_code, kBadInput);
  EXPECT_THAT(broken.err, HasSubstr("broken.json: not JSON"));

  write_json("partial.json", {{"scenario", "tenant-slug-race"}});
  EXPECT_THAT(run("merge partial.json").err, HasSubstr("partial.json: no \"variant\""));

  Result absent = run("merge absent.json");
  EXPECT_EQ(absent.exit_code, kBadInput);
  EXPECT_THAT(absent.err, HasSubstr("absent.json: cannot read the file"));
}

TEST_F(ShardedExplore, MergeOfOneUnshardedResultIsThatResult) {
  Result whole = run("explore tenant-slug-race --variant fixed --schedules 50 --json");
  ASSERT_EQ(whole.exit_code, kHolds) << whole.err;
  std::ofstream(work() / "whole.json", std::ios::binary) << whole.out;
  Result merged = run("merge whole.json --json");
  ASSERT_EQ(merged.exit_code, kHolds) << merged.err;
  auto json = nlohmann::json::parse(merged.out);
  auto explored = nlohmann::json::parse(whole.out);
  for (const char* key : {"scenario", "variant", "strategy", "seed", "schedules", "violations", "elapsed_s"}) {
    EXPECT_EQ(json[key], explored[key]) << key;
  }
  EXPECT_EQ(json["shards"], 1);
}

}  // namespace
}  // namespace interleave
