// explore --witness: for a variant that holds, the schedules that reached
// the race's window (one call's statement inside another's, conflicting).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;

class WitnessCli : public CliFixture {};

TEST_F(WitnessCli, TheFixedStorefrontHoldsWithEditsInsideEachOthersWindows) {
  const CommandResult result = run("explore section-id-race --variant fixed --schedules 300 --witness --json");
  ASSERT_EQ(result.exit_code, kHolds) << result.out << result.err;
  const nlohmann::json summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["witness"]["schedules"], 300);
  EXPECT_GT(summary["witness"]["interleaved"].get<int>(), 150) << summary["witness"].dump();
  bool agents_met = false;
  for (const auto& pair : summary["witness"]["pairs"]) {
    agents_met |= pair["window"] == "agent-1" && pair["inside"] == "agent-2";
  }
  EXPECT_TRUE(agents_met) << summary["witness"].dump();
}

TEST_F(WitnessCli, TextShowsTheFirstScheduleStepByStep) {
  const CommandResult result =
      run("explore section-id-race --variant fixed --strategy dfs --schedules 50 --witness --quiet");
  ASSERT_EQ(result.exit_code, kHolds) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("every property held over 50 schedules"));
  EXPECT_THAT(result.out, HasSubstr("  witness: in "));
  EXPECT_THAT(result.out, HasSubstr("pg_advisory_xact_lock"));
  EXPECT_THAT(result.out, HasSubstr("→ blocked: waits for agent-"));
}

TEST_F(WitnessCli, ThePortfolioIsRefusedWithTheStrategiesThatWork) {
  const CommandResult result = run("explore section-id-race --variant fixed --strategy portfolio --witness");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("--witness counts the schedules of one strategy's search; with it use "
                                    "--strategy random, pct, dfs"));
}

}  // namespace
}  // namespace interleave
