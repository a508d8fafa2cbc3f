// RapidCheck properties of report 002 over generated requests and generated
// schedules (VectorStrategy, so RapidCheck shrinks workload and interleaving
// together): the seeded deletion window is found, hardened holds, and
// tenant-isolation catches a handler planted to read another tenant's
// schema while holding for every real variant.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/vector_strategy.h"
#include "model/http/http_exception.h"
#include "model/invariants/no_5xx_during_deletion.h"
#include "tests/impl/deletion_program.h"
#include "tests/impl/world_program.h"
#include "tests/properties/generated_scenario.h"

namespace interleave {
namespace {

using test_support::DeletionProgram;
using test_support::DeletionWorkload;

struct Generated {
  std::vector<std::string> requests;  // tenant slugs, one get_products each
  std::vector<std::uint32_t> schedule;
};

// One to three requests for acme or globex racing the deletion of acme.
Generated generate() {
  Generated generated;
  auto slug = rc::gen::element<std::string>("acme", "globex");
  generated.requests = *rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(slug)));
  generated.schedule = test_support::generate_schedule();
  return generated;
}

Verdict run(const Generated& generated, DeletionWorkload workload, const std::vector<std::string>& properties) {
  workload.requests = generated.requests;
  DeletionProgram program(std::move(workload), properties);
  VectorStrategy strategy(generated.schedule);
  strategy.begin_schedule(0);
  return test_support::run_deletion(program, strategy, /*record_events=*/false);
}

const std::vector<std::string> kBothProperties = {"no-5xx-during-deletion", "tenant-isolation"};

// Runs rc::check expecting `variant` to break `property`; returns the last
// failing (shrunk) input and its verdict.
struct Counterexample {
  bool found = false;
  Generated generated;
  Verdict verdict;
};

Counterexample find_violation(const std::string& description, const DeletionWorkload& workload) {
  // RapidCheck accepts every failing shrink candidate at once, so the last
  // failing input it evaluates is the shrunk counterexample it reports.
  Counterexample last;
  const bool passed = test_support::check_with_more_cases(description, test_support::kSearchFactor, [&] {
    Generated generated = generate();
    Verdict verdict = run(generated, workload, kBothProperties);
    if (verdict.status != VerdictStatus::kHolds) last = {true, generated, verdict};
    RC_ASSERT(verdict.status == VerdictStatus::kHolds);
  });
  EXPECT_FALSE(passed);
  return last;
}

TEST(DeletionProperty, FindsTheDeletionWindowInSeed) {
  Counterexample found = find_violation("no 5xx while seed deletes acme", {.variant = "seed"});
  ASSERT_TRUE(found.found) << "the seeded deletion window was not found";
  EXPECT_EQ(found.verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(found.verdict.property, "no-5xx-during-deletion");
  EXPECT_NE(found.verdict.message.find("/tenants/acme/products got 500 Internal Server Error"), std::string::npos)
      << found.verdict.message;
  // The shrunk workload is a local minimum, not always one request: dropping
  // a request renumbers the actors, so the schedule means something else.
  EXPECT_GE(std::count(found.generated.requests.begin(), found.generated.requests.end(), "acme"), 1);
}

RC_GTEST_PROP(DeletionProperty, HardenedHoldsForEveryWorkloadAndSchedule, ()) {
  Verdict verdict = run(generate(), {.variant = "hardened"}, kBothProperties);
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

RC_GTEST_PROP(DeletionProperty, EveryVariantHoldsWithoutADeletion, ()) {
  // Without a deletion nothing can go wrong: the property does not simply
  // reject the seed variant.
  const std::string variant = *rc::gen::element<std::string>("seed", "fixed", "hardened");
  Verdict verdict = run(generate(), {.variant = variant, .delete_acme = false}, kBothProperties);
  RC_LOG() << variant << ": " << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

RC_GTEST_PROP(DeletionProperty, TenantIsolationHoldsForEveryRealVariant, ()) {
  const std::string variant = *rc::gen::element<std::string>("seed", "fixed", "hardened");
  Verdict verdict = run(generate(), {.variant = variant}, {"tenant-isolation"});
  RC_LOG() << variant << ": " << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

// Planted, test-only: lists globex's products whatever tenant was validated.
model::http::Response list_globex_products(model::db::Session& db, const model::db::Row&) {
  db.set_search_path({"tenant_globex"});
  db.select("products", {});
  return {model::http::status::kOk, ""};
}

TEST(DeletionProperty, TenantIsolationCatchesAHandlerReadingAnotherTenantsSchema) {
  Counterexample found = find_violation("tenant isolation with a leaky handler",
                                        {.variant = "hardened", .handler = list_globex_products});
  ASSERT_TRUE(found.found) << "the planted cross-tenant read was not caught";
  EXPECT_EQ(found.verdict.property, "tenant-isolation");
  EXPECT_NE(found.verdict.message.find("for tenant 'acme' touched tenant_globex.products"), std::string::npos)
      << found.verdict.message;
  EXPECT_EQ(found.generated.requests, std::vector<std::string>{"acme"});
}

// A request that arrives once acme is soft-deleted (and, with
// `drop_schema`, its schema dropped), through a planted route that checks
// nothing and answers `answer`: what does the property say?
std::optional<Violation> after_deletion(int answer, bool drop_schema) {
  auto unchecked = [](model::db::Session&, const std::string&) { return model::db::Row{}; };
  auto answer_with = [answer](model::db::Session&, const model::db::Row&) {
    return model::http::Response{answer, ""};
  };
  auto request_after_deletion = [&](model::World& world, impl::Backend& backend) {
    scenarios::find_fixture("tenant")->run(world, {{"slug", "acme"}});
    auto admin = backend.connect();
    admin->update("tenants", {{"is_active", std::int64_t{0}}, {"deleted_at", std::int64_t{5}}}, {{"slug", "acme"}});
    if (drop_schema) admin->drop_schema("tenant_acme", /*cascade=*/true);
    admin->commit();
    model::http::serve(world, {"GET /t/{tenant_slug}", unchecked, answer_with}, "acme");
  };
  test_support::WorldProgram program({{"api-1", request_after_deletion}});
  std::optional<Violation> violation;
  test_support::run_schedule(program, 0, [&](model::World& world) {
    EXPECT_EQ(world.ledger.exchanges().at(0).tenant_deleted_at_start, drop_schema);
    violation = model::No5xxDuringDeletion().check_step(world);
  });
  return violation;
}

TEST(DeletionProperty, ARequestAfterTheDeletionCompletedMustBeToldGoneOrForbidden) {
  namespace status = model::http::status;
  EXPECT_FALSE(after_deletion(status::kGone, true));
  EXPECT_FALSE(after_deletion(status::kForbidden, true));
  for (int answer : {status::kOk, status::kNotFound, status::kServiceUnavailable}) {
    std::optional<Violation> violation = after_deletion(answer, true);
    ASSERT_TRUE(violation) << answer;
    EXPECT_NE(violation->message.find("arrived after tenant 'acme' was deleted"), std::string::npos)
        << violation->message;
  }
  // Soft-deleted while its schema is still there: the deletion has not
  // completed, so a 200 is still fine.
  EXPECT_FALSE(after_deletion(status::kOk, false));
  // And a 500 is never fine.
  ASSERT_TRUE(after_deletion(status::kInternalServerError, false));
}

}  // namespace
}  // namespace interleave
