// A lost connection and a COMMIT with an unknown outcome are followed on a
// real PostgreSQL: the mirror ends the server's transaction as the model
// did (ROLLBACK, or COMMIT for an outcome drawn committed) at the same
// step, so the schedule replays there with the model's outcome at every
// statement and no divergence. The server is the suite's pg_virtualenv one.

#include <gtest/gtest.h>

#include <string>

#include "app/postgres_replay.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"

namespace interleave {
namespace {

bool has_event(const Trace& trace, const std::string& op, const std::string& result) {
  for (const Event& event : trace.events) {
    if (event.op == op && (result.empty() || event.result == result)) return true;
  }
  return false;
}

struct Case {
  const char* kind;
  const char* result;           // of the fault event
  const char* server_ending;    // what the mirror sent the server
};

class DbFaultOnPostgres : public ::testing::TestWithParam<Case> {};

TEST_P(DbFaultOnPostgres, MirrorEndsTheServersTransactionAsTheModelDid) {
  const Case& c = GetParam();
  scenarios::Scenario scenario =
      scenarios::load_scenario_file(std::string(INTERLEAVE_SCENARIO_DIR) + "/flaky-infrastructure.scn");
  scenario.faults.kinds = {c.kind};
  int replayed = 0;
  for (const Trace& trace : app::sample_traces(scenario, "fixed", /*seed=*/3, 60)) {
    if (!has_event(trace, std::string("fault.") + c.kind, c.result)) continue;
    const app::PostgresReplay result = app::replay_on_postgres(scenario, trace, "");
    ASSERT_FALSE(result.failure) << *result.failure;
    if (result.unreplayable) continue;  // a waiter the server let go (server_mirror.h): not this test's
    ASSERT_FALSE(result.divergence) << *result.divergence;
    EXPECT_TRUE(result.reproduced());
    bool mirrored = false;
    for (const auto& statement : result.statements) {
      mirrored |= statement.statement == std::string(c.server_ending) + " (the connection broke: an injected fault)" &&
                  statement.server == "ok";
    }
    EXPECT_TRUE(mirrored) << "the server never ended the broken transaction";
    if (++replayed == 2) break;
  }
  EXPECT_GT(replayed, 0) << "no sampled schedule injected " << c.kind << " (" << c.result << ")";
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, DbFaultOnPostgres,
    ::testing::Values(Case{"connection_lost", "the server rolled the transaction back", "ROLLBACK"},
                      Case{"commit_outcome_unknown", "the server rolled the transaction back", "ROLLBACK"},
                      Case{"commit_outcome_unknown", "the transaction committed; the client is not told", "COMMIT"}));

}  // namespace
}  // namespace interleave
