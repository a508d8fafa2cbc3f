// Report 002: the HTTP pipeline's status mapping, the deletion workflow's
// activity order per variant, and the deletion window itself: as reported
// a request validated between the drop and the soft-delete gets a 500;
// hardened never answers 500.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/random_strategy.h"
#include "impl/deletion/tenant_validation.h"
#include "model/app_schema.h"
#include "model/http/http_exception.h"
#include "tests/impl/deletion_program.h"
#include "tests/impl/world_program.h"

namespace interleave {
namespace {

using model::HttpExchange;
using model::http::HttpException;
using model::http::Response;
using model::http::Route;
namespace status = model::http::status;
using test_support::DeletionProgram;
using test_support::DeletionWorkload;
using test_support::WorldProgram;

constexpr std::uint64_t kDeletionSchedules = 400;

// --- the pipeline ---

// Serves one request through `route` in a world where tenant acme exists,
// and returns the exchange the ledger holds for it.
HttpExchange serve_once(const Route& route) {
  HttpExchange exchange;
  WorldProgram program({{"api-1", [&](model::World& world, impl::Backend&) {
                           scenarios::find_fixture("tenant")->run(world, {{"slug", "acme"}});
                           model::http::serve(world, route, "acme");
                         }}});
  Verdict verdict = run_schedule(program, 0, [&](model::World& world) {
    ASSERT_EQ(world.ledger.exchanges().size(), 1u);
    exchange = world.ledger.exchanges().front();
    EXPECT_TRUE(world.ledger.foreign_accesses().empty());  // nobody asked for table accesses
  });
  EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
  return exchange;
}

model::db::Row tenant_row(model::db::Session& db, const std::string& slug) {
  return db.select("tenants", {{"slug", slug}}).front();
}

TEST(HttpPipeline, AnswersTheHandlersResponse) {
  HttpExchange exchange = serve_once({"GET /t/{tenant_slug}", tenant_row, impl::list_products});
  EXPECT_EQ(exchange.status, status::kOk);
  EXPECT_EQ(exchange.tenant, "acme");
}

TEST(HttpPipeline, TurnsAnHttpExceptionFromTheDependencyIntoItsResponse) {
  auto gone = [](model::db::Session&, const std::string&) -> model::db::Row {
    throw HttpException(status::kGone, "Tenant has been deleted");
  };
  HttpExchange exchange = serve_once({"GET /t/{tenant_slug}", gone, impl::list_products});
  EXPECT_EQ(exchange.status, status::kGone);
  EXPECT_EQ(exchange.detail, "Tenant has been deleted");
}

TEST(HttpPipeline, TurnsAnUnhandledDbErrorInto500) {
  // The handler's SELECT through a search_path naming a missing schema:
  // PostgreSQL accepts the SET, the SELECT fails with 42P01.
  auto missing_schema = [](model::db::Session& db, const model::db::Row&) -> Response {
    db.set_search_path({"tenant_gone"});
    db.select("products", {});
    return {status::kOk, ""};
  };
  HttpExchange exchange = serve_once({"GET /t/{tenant_slug}", tenant_row, missing_schema});
  EXPECT_EQ(exchange.status, status::kInternalServerError);
  EXPECT_NE(exchange.detail.find("relation \"products\" does not exist"), std::string::npos) << exchange.detail;
  EXPECT_NE(exchange.detail.find("42P01"), std::string::npos) << exchange.detail;
}

TEST(HttpPipeline, TurnsAnyOtherExceptionInto500) {
  auto broken = [](model::db::Session&, const model::db::Row&) -> Response { throw std::logic_error("bug"); };
  HttpExchange exchange = serve_once({"GET /t/{tenant_slug}", tenant_row, broken});
  EXPECT_EQ(exchange.status, status::kInternalServerError);
  EXPECT_EQ(exchange.detail, "bug");
}

// --- get_validated_tenant ---

model::db::Row tenant(std::int64_t is_active, std::string_view state, model::db::Value deleted_at) {
  model::db::Row row{&model::kTenants, std::vector<model::db::Value>(model::kTenants.columns.size())};
  row.values[0] = std::int64_t{1};
  row.values[model::kTenants.column_index("status")] = std::string(state);
  row.values[model::kTenants.column_index("is_active")] = is_active;
  row.values[model::kTenants.column_index("deleted_at")] = std::move(deleted_at);
  return row;
}

int validation_status(std::vector<model::db::Row> found, impl::DeletedAtCheck check) {
  try {
    impl::validated_tenant(std::move(found), check);
    return status::kOk;
  } catch (const HttpException& refusal) {
    return refusal.status_code();
  }
}

TEST(TenantValidation, AnswersMissingInactiveAndNotReadyAsReported) {
  using impl::DeletedAtCheck;
  EXPECT_EQ(validation_status({}, DeletedAtCheck::kNone), status::kNotFound);
  EXPECT_EQ(validation_status({tenant(0, "ready", {})}, DeletedAtCheck::kNone), status::kForbidden);
  EXPECT_EQ(validation_status({tenant(1, "provisioning", {})}, DeletedAtCheck::kNone), status::kServiceUnavailable);
  EXPECT_EQ(validation_status({tenant(1, "ready", {})}, DeletedAtCheck::kNone), status::kOk);
}

TEST(TenantValidation, SeedLetsASoftDeletedActiveTenantPassFixedAnswers410) {
  using impl::DeletedAtCheck;
  // The window as reported: deleted_at is set, is_active not yet cleared.
  EXPECT_EQ(validation_status({tenant(1, "ready", std::int64_t{0})}, DeletedAtCheck::kNone), status::kOk);
  EXPECT_EQ(validation_status({tenant(1, "ready", std::int64_t{0})}, DeletedAtCheck::kGone), status::kGone);
  EXPECT_EQ(validation_status({tenant(0, "ready", std::int64_t{0})}, DeletedAtCheck::kGone), status::kGone);
}

// --- the workflow ---

std::vector<std::string> activity_order(const std::string& variant) {
  DeletionProgram program({.variant = variant}, {});
  RandomStrategy strategy(2026);
  strategy.begin_schedule(0);
  std::vector<std::string> order;
  Verdict verdict = run_deletion(program, strategy, /*record_events=*/true,
                                 [&](model::World& world, const std::vector<Event>& events) {
                                   for (const Event& event : events) {
                                     if (event.op == "activity.start") order.push_back(event.text);
                                   }
                                   // Whatever the order, the tenant ends soft-deleted without its schema.
                                   auto tenants = world.db.committed_rows("tenants");
                                   auto acme = std::find_if(tenants.begin(), tenants.end(),
                                                            [](const auto& row) { return row.text("slug") == "acme"; });
                                   ASSERT_NE(acme, tenants.end());
                                   EXPECT_EQ(std::get<std::int64_t>((*acme)["is_active"]), 0);
                                   EXPECT_FALSE(std::holds_alternative<std::monostate>((*acme)["deleted_at"]));
                                   auto schemas = world.db.committed_schemas();
                                   EXPECT_EQ(std::count(schemas.begin(), schemas.end(), "tenant_acme"), 0);
                                   EXPECT_EQ(std::count(schemas.begin(), schemas.end(), "tenant_globex"), 1);
                                 });
  EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
  EXPECT_FALSE(program.deletion_error()) << *program.deletion_error();
  return order;
}

TEST(TenantDeletionWorkflow, SeedDropsTheSchemaBeforeTheSoftDelete) {
  EXPECT_EQ(activity_order("seed"),
            (std::vector<std::string>{"get_tenant_info", "drop_tenant_schema", "soft_delete_tenant"}));
}

TEST(TenantDeletionWorkflow, FixedAndHardenedSoftDeleteFirst) {
  const std::vector<std::string> soft_delete_first{"soft_delete_tenant", "get_tenant_info", "drop_tenant_schema"};
  EXPECT_EQ(activity_order("fixed"), soft_delete_first);
  EXPECT_EQ(activity_order("hardened"), soft_delete_first);
}

// --- the deletion window ---

// Over kDeletionSchedules random schedules of a deletion of acme racing two
// requests for it: how many ended with some response equal to `code`, and
// every status seen.
struct WindowTally {
  int schedules_with_code = 0;
  std::vector<int> statuses;
};

WindowTally explore_window(const std::string& variant, int code) {
  WindowTally tally;
  for (std::uint64_t schedule = 0; schedule < kDeletionSchedules; ++schedule) {
    DeletionProgram program({.variant = variant, .requests = {"acme", "acme"}}, {});
    RandomStrategy strategy(2026);
    strategy.begin_schedule(schedule);
    Verdict verdict = run_deletion(program, strategy, false, [&](model::World& world, const std::vector<Event>&) {
      bool seen = false;
      for (const HttpExchange& exchange : world.ledger.exchanges()) {
        seen = seen || exchange.status == code;
        if (std::find(tally.statuses.begin(), tally.statuses.end(), exchange.status) == tally.statuses.end()) {
          tally.statuses.push_back(exchange.status);
        }
      }
      tally.schedules_with_code += seen ? 1 : 0;
    });
    EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << "schedule " << schedule << ": " << verdict.message;
    EXPECT_FALSE(program.deletion_error()) << *program.deletion_error();
  }
  std::sort(tally.statuses.begin(), tally.statuses.end());
  return tally;
}

TEST(DeletionWindow, SeedAnswersSomeRequestWith500) {
  WindowTally tally = explore_window("seed", status::kInternalServerError);
  EXPECT_GT(tally.schedules_with_code, 0);  // the seeded race is found
  EXPECT_LT(tally.schedules_with_code, static_cast<int>(kDeletionSchedules));
}

TEST(DeletionWindow, HardenedNeverAnswers500) {
  WindowTally tally = explore_window("hardened", status::kInternalServerError);
  EXPECT_EQ(tally.schedules_with_code, 0);
  // Requests before the deletion get 200, after it 410: both are reached.
  EXPECT_EQ(tally.statuses, (std::vector<int>{status::kOk, status::kGone}));
}

}  // namespace
}  // namespace interleave
