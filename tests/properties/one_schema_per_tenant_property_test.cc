// one-schema-per-tenant (DESIGN §6) on the catalogue's long-slug-collision
// and on the tenant-without-schema fixture, and tenant-isolation judged on
// the server's 63-byte names: a single long slug is no violation (the
// regression), a request reading another tenant's schema still is.

#include <gtest/gtest.h>

#include "harness/pct_strategy.h"
#include "harness/random_strategy.h"
#include "tests/properties/catalogue_exploration.h"

namespace interleave {
namespace {

using test_support::catalogue_scenario;
using test_support::explore_variant;

constexpr std::uint64_t kBudget = 2'000;
// 56 bytes: tenant_ + this is exactly PostgreSQL's 63-byte limit.
constexpr std::string_view kLongPrefix = "northwind-traders-international-holdings-europe-division";

scenarios::Scenario parsed(const std::string& text, const std::string& file) {
  scenarios::Scenario scenario = scenarios::parse_scenario(text, file);
  scenarios::validate(scenario);
  return scenario;
}

TEST(OneSchemaPerTenantProperty, FindsTwoLongSlugsSharingOneSchemaInFixed) {
  const std::optional<Trace> found = test_support::expect_seed_one_finds(catalogue_scenario("long-slug-collision"),
                                                                    "fixed", "one-schema-per-tenant", kBudget, 2);
  ASSERT_TRUE(found) << "the seeded collision was not found";
  EXPECT_NE(found->verdict.message.find("share schema tenant_" + std::string(kLongPrefix)), std::string::npos)
      << found->verdict.message;
}

TEST(OneSchemaPerTenantProperty, HardenedHoldsUnderRandomAndPct) {
  const scenarios::Scenario& scenario = catalogue_scenario("long-slug-collision");
  RandomStrategy random(7);
  ExploreResult by_random = explore_variant(scenario, "hardened", random, kBudget);
  EXPECT_EQ(by_random.violations, 0u) << by_random.trace->verdict.message;
  for (std::uint32_t depth = 1; depth <= 3; ++depth) {
    PctStrategy pct(7, depth, 40);
    ExploreResult by_pct = explore_variant(scenario, "hardened", pct, kBudget / 4);
    EXPECT_EQ(by_pct.violations, 0u) << "pct depth " << depth << ": " << by_pct.trace->verdict.message;
  }
}

// `given tenant … schema=no`: a ready tenant whose schema is missing is the
// property's second half, judged when everything is done.
TEST(OneSchemaPerTenantProperty, AReadyTenantWithoutItsSchemaFailsAtQuiescence) {
  const scenarios::Scenario scenario = parsed(R"(scenario ready-without-schema
service  deletion
property one-schema-per-tenant
variants fixed
expect   fixed fails one-schema-per-tenant
given tenant slug=acme schema=no
given tenant slug=globex
actor api-1 get_products tenant=globex
)",
                                              "ready-without-schema.scn");
  RandomStrategy random(1);
  ExploreResult result = explore_variant(scenario, "fixed", random, 5);
  ASSERT_TRUE(result.trace);
  EXPECT_EQ(result.trace->verdict.property, "one-schema-per-tenant");
  EXPECT_EQ(result.trace->verdict.message, "tenant 'acme' is ready, but its schema tenant_acme does not exist");
}

// Regression: the tenant's own schema, cut to 63 bytes by the server, was
// taken for another tenant's, so any request for a long slug "violated"
// tenant-isolation.
TEST(TenantIsolationProperty, ARequestForOneLongSlugStaysInItsOwnCutSchema) {
  const std::string slug = std::string(kLongPrefix) + "-east";
  const scenarios::Scenario scenario = parsed(R"(scenario one-long-slug
service  deletion
property tenant-isolation
property one-schema-per-tenant
variants fixed
expect   fixed holds
given tenant slug=)" + slug + R"(
given tenant slug=globex
actor api-1 get_products tenant=)" + slug + R"(
actor api-2 get_products tenant=globex|)" + slug + R"(
)",
                                              "one-long-slug.scn");
  RandomStrategy random(1);
  ExploreResult result = explore_variant(scenario, "fixed", random, 200);
  EXPECT_EQ(result.violations, 0u) << result.trace->verdict.message;
}

}  // namespace
}  // namespace interleave
