// CI's form of the fidelity fuzzer: `interleave fidelity SCENARIO
// --schedules 30` on the suite's server, for every scenario of the
// catalogue (one test each, so they run in parallel). Every variant must
// run its schedules with no divergence; schedules the server cannot follow
// are counted and explained. The one documented exception (README: the
// tuple-lock queue's known limit) is section-id-race, whose editors update
// one draft row: PostgreSQL itself races two waiting UPDATEs once the
// holder's update commits, so a divergence may show there, on that UPDATE. (Unshrunk: a shrink spends
// hundreds of server schedules; DivergenceOnPostgres tests the shrink.)

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scenarios/catalogue.h"
#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;

constexpr int kSchedules = 30;

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& scenario : scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR)) names.push_back(scenario.name);
  return names;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

bool known_limit(const nlohmann::json& variant) { return variant["scenario"] == "section-id-race"; }

class FidelityOnPostgres : public CliFixture, public ::testing::WithParamInterface<std::string> {};

TEST_P(FidelityOnPostgres, EveryVariantFollowsTheServer) {
  const std::string& scenario = GetParam();
  const CommandResult result =
      run("fidelity " + scenario + " --schedules " + std::to_string(kSchedules) + " --seed 1 --json --no-shrink --out div");
  ASSERT_TRUE(result.exit_code == kHolds || result.exit_code == kDivergence) << result.out << result.err;
  std::istringstream lines(result.out);
  std::string line;
  std::size_t variants = 0;
  std::uint64_t divergences = 0;
  while (std::getline(lines, line)) {
    const nlohmann::json variant = nlohmann::json::parse(line);
    ++variants;
    SCOPED_TRACE(line);
    EXPECT_EQ(variant["scenario"], scenario);
    EXPECT_EQ(variant["schedules"].get<std::uint64_t>(), static_cast<std::uint64_t>(kSchedules));
    const auto not_followable = variant["not_followable"].get<std::uint64_t>();
    EXPECT_LT(not_followable, static_cast<std::uint64_t>(kSchedules)) << "nothing was compared";
    EXPECT_EQ(not_followable > 0, variant["not_followable_reason"].is_string());
    const auto diverged = variant["divergences"].get<std::uint64_t>();
    divergences += diverged;
    if (diverged == 0) {
      EXPECT_TRUE(variant["trace"].is_null());
      continue;
    }
    // No trace when a re-run of the schedule did not diverge again.
    ASSERT_TRUE(variant["first_divergence"].is_string());
    const std::string message = variant["first_divergence"].get<std::string>();
    if (variant["trace"].is_string()) {
      const nlohmann::json trace = nlohmann::json::parse(read_file(work() / variant["trace"].get<std::string>()));
      EXPECT_EQ(trace["verdict"]["status"], "divergence");
    } else {
      EXPECT_TRUE(variant["shrink_failed"].is_string());
    }
    EXPECT_TRUE(known_limit(variant)) << "a divergence: " << message;
    EXPECT_THAT(message, HasSubstr("UPDATE storefront_drafts"));
  }
  EXPECT_EQ(variants, scenarios::find_scenario(scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR), scenario)
                          ->variants.size());
  EXPECT_EQ(result.exit_code, divergences > 0 ? kDivergence : kHolds);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, FidelityOnPostgres, ::testing::ValuesIn(scenario_names()), test_name);

}  // namespace
}  // namespace interleave
