// The portfolio verdict: hunt shares each variant's budget among random, pct
// (depths 1-3) and dfs, says which ran and how many schedules each, and
// reports a race that only pct finds within the budget. And dfs's counts:
// abandoned runs are neither budget nor a violation's number.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;

class PortfolioCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    // tenant-lifecycle's fixed variant: random (seed 1) first fails at
    // schedule 201, pct at its first schedule.
    write_file(work() / "S" / "tenant-lifecycle.scn",
               read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "tenant-lifecycle.scn"));
  }
};

nlohmann::json row_of(const nlohmann::json& summary, const std::string& variant) {
  for (const auto& row : summary) {
    if (row["variant"] == variant) return row;
  }
  return nullptr;
}

TEST_F(PortfolioCli, RandomAloneMissesTheRaceWithinTheBudget) {
  const CommandResult random = run("hunt --strategy random --schedules 80 --out R --scenarios S --quiet");
  EXPECT_EQ(random.exit_code, kViolation) << random.out << random.err;
  EXPECT_THAT(random.out, HasSubstr("UNEXPECTED"));
}

TEST_F(PortfolioCli, HuntReportsARaceOnlyPctFindsWithinTheBudget) {
  const CommandResult hunt = run("hunt --schedules 80 --out H --scenarios S --quiet");
  ASSERT_EQ(hunt.exit_code, kHolds) << hunt.out << hunt.err;
  EXPECT_THAT(hunt.out, HasSubstr("searched: random 30, pct d1"));
  const nlohmann::json summary = nlohmann::json::parse(read_file(work() / "H" / "summary.json"));

  const nlohmann::json fixed = row_of(summary, "fixed");
  ASSERT_TRUE(fixed.is_object());
  EXPECT_EQ(fixed["strategy"], "portfolio");
  EXPECT_EQ(fixed["verdict"], "violation");
  EXPECT_THAT(fixed["found_by"].get<std::string>(), HasSubstr("pct")) << fixed.dump();
  EXPECT_EQ(fixed["searches"][0]["strategy"], "random");
  EXPECT_EQ(fixed["searches"][0]["schedules"], 30);
  EXPECT_TRUE(fixed["searches"][0]["first_violation_at"].is_null());

  // A variant that holds was searched by all three, within its budget.
  const nlohmann::json hardened = row_of(summary, "hardened");
  ASSERT_TRUE(hardened.is_object());
  EXPECT_EQ(hardened["verdict"], "holds");
  ASSERT_EQ(hardened["searches"].size(), 5u) << hardened.dump();
  std::string strategies;
  std::uint64_t schedules = 0;
  for (const auto& search : hardened["searches"]) {
    strategies += search["strategy"].get<std::string>() + " ";
    schedules += search["schedules"].get<std::uint64_t>();
    EXPECT_GT(search["schedules"].get<std::uint64_t>(), 0u) << search.dump();
  }
  EXPECT_EQ(strategies, "random pct pct pct dfs ");
  EXPECT_EQ(hardened["schedules"], schedules);
  EXPECT_LE(schedules, 80u);
  EXPECT_TRUE(hardened["searches"][4]["exhausted"].is_boolean());

  const std::string junit = read_file(work() / "H" / "junit.xml");
  EXPECT_THAT(junit, HasSubstr("hardened.searches"));
  EXPECT_THAT(junit, HasSubstr("dfs 20 (bound 2,"));
  EXPECT_THAT(read_file(work() / fs::path(fixed["trace"].get<std::string>()).parent_path() / "report.md"),
              HasSubstr("portfolio, seed 1: random 30, pct d1"));
}

// deletion-window's fixed variant: dfs abandons schedules that only reorder
// others before the 20th it runs to its end fails.
TEST_F(PortfolioCli, DfsNumbersAViolationAmongTheSchedulesRun) {
  const CommandResult dfs =
      run("explore deletion-window --variant fixed --strategy dfs --schedules 20 --json --no-shrink");
  ASSERT_EQ(dfs.exit_code, kViolation) << dfs.out << dfs.err;
  const nlohmann::json summary = nlohmann::json::parse(dfs.out);
  EXPECT_EQ(summary["schedules"], 20);
  EXPECT_EQ(summary["first_violation_at"], 19);
  EXPECT_GT(summary["abandoned"].get<std::uint64_t>(), 0u);
}

// Report 003's race (membership-retry without its third actor, whose
// foreign-key error only widens the tree): the reduced search finds it
// within bound 2 as the plain one does, after fewer schedules.
TEST_F(PortfolioCli, ReducedDfsFindsReport003WithinItsBound) {
  std::string text = read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "membership-retry.scn");
  const std::size_t third = text.find("actor missing-user");
  ASSERT_NE(third, std::string::npos);
  text.erase(third);
  write_file(work() / "M" / "membership-retry.scn", text);
  const std::string explore =
      "explore membership-retry --scenarios M --variant seed --strategy dfs --preemption-bound 2 --schedules 1000 "
      "--json --no-shrink";
  const CommandResult reduced = run(explore);
  const CommandResult plain = run(explore + " --no-reduction");
  ASSERT_EQ(reduced.exit_code, kViolation) << reduced.out << reduced.err;
  ASSERT_EQ(plain.exit_code, kViolation) << plain.out << plain.err;
  const nlohmann::json reduced_summary = nlohmann::json::parse(reduced.out);
  const nlohmann::json plain_summary = nlohmann::json::parse(plain.out);
  EXPECT_EQ(reduced_summary["property"], "idempotent-membership");
  EXPECT_LE(reduced_summary["first_violation_at"].get<std::uint64_t>(),
            plain_summary["first_violation_at"].get<std::uint64_t>());
}

}  // namespace
}  // namespace interleave
