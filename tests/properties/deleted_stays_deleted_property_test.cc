// deleted-stays-deleted (DESIGN §6) on the catalogue's deleted-tenant-revived
// and on the soft-deleted tenant fixture: the fixed sweeper brings a deleted
// tenant back, so the property must fire there; the hardened sweeper and
// workflow must hold over a fixed budget of random and pct schedules.

#include <gtest/gtest.h>

#include "harness/pct_strategy.h"
#include "harness/random_strategy.h"
#include "tests/properties/catalogue_exploration.h"

namespace interleave {
namespace {

using test_support::catalogue_scenario;
using test_support::explore_variant;

constexpr std::uint64_t kDeletedBudget = 2'000;

TEST(DeletedStaysDeletedProperty, FindsTheSweeperRevivingADeletedTenantInFixed) {
  const std::optional<Trace> found = test_support::expect_seed_one_finds(catalogue_scenario("deleted-tenant-revived"),
                                                                    "fixed", "deleted-stays-deleted", kDeletedBudget, 2);
  ASSERT_TRUE(found) << "the seeded revival was not found";
  EXPECT_NE(found->verdict.message.find("tenant 'acme'"), std::string::npos) << found->verdict.message;
}

TEST(DeletedStaysDeletedProperty, HardenedHoldsUnderRandomAndPct) {
  const scenarios::Scenario& scenario = catalogue_scenario("deleted-tenant-revived");
  RandomStrategy random(7);
  ExploreResult by_random = explore_variant(scenario, "hardened", random, kDeletedBudget);
  EXPECT_EQ(by_random.violations, 0u) << by_random.trace->verdict.message;
  for (std::uint32_t depth = 1; depth <= 3; ++depth) {
    PctStrategy pct(7, depth, 40);
    ExploreResult by_pct = explore_variant(scenario, "hardened", pct, kDeletedBudget / 4);
    EXPECT_EQ(by_pct.violations, 0u) << "pct depth " << depth << ": " << by_pct.trace->verdict.message;
  }
}

// `given tenant … deleted=yes`: a tenant deleted while stuck provisioning,
// long before the sweeper's pass. fixed's status-only query revives it in
// every schedule; hardened's query skips it.
const scenarios::Scenario& sweeper_and_deleted_fixture() {
  static const scenarios::Scenario scenario = [] {
    scenarios::Scenario parsed = scenarios::parse_scenario(R"(scenario sweeper-meets-deleted-fixture
service  registration
property deleted-stays-deleted
variants fixed hardened
expect   fixed    fails deleted-stays-deleted
expect   hardened holds
given user   email=a@x
given tenant slug=gone status=provisioning owner=a@x deleted=yes
actor sweeper sweep_stuck_tenants passes=1
)",
                                                           "sweeper-meets-deleted-fixture.scn");
    scenarios::validate(parsed);
    return parsed;
  }();
  return scenario;
}

TEST(DeletedStaysDeletedProperty, TheSoftDeletedFixtureIsRevivedByTheFixedSweeperOnly) {
  RandomStrategy fixed_random(3);
  ExploreResult fixed = explore_variant(sweeper_and_deleted_fixture(), "fixed", fixed_random, 20);
  ASSERT_TRUE(fixed.trace);
  EXPECT_EQ(*fixed.first_failure_at, 0u);  // no interleaving needed: the query alone is wrong
  EXPECT_EQ(fixed.trace->verdict.property, "deleted-stays-deleted");
  EXPECT_NE(fixed.trace->verdict.message.find("tenant 'gone'"), std::string::npos) << fixed.trace->verdict.message;

  RandomStrategy hardened_random(3);
  ExploreResult hardened = explore_variant(sweeper_and_deleted_fixture(), "hardened", hardened_random, 200);
  EXPECT_EQ(hardened.violations, 0u) << hardened.trace->verdict.message;
}

}  // namespace
}  // namespace interleave
