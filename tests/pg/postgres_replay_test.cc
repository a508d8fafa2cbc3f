// A race found in the model is a hypothesis; the same interleaving failing
// on a real PostgreSQL is proof (DESIGN.md §7). Every variant of the
// catalogue the scenarios expect to fail has its shrunk trace replayed by
// `interleave replay --backend postgres`, which must reproduce the
// violation with no fidelity divergence; every variant expected to hold has
// sampled schedules replayed in lockstep on the server, which must hold
// there with the model's outcome at every statement. The server is the one
// pg_virtualenv started for the suite (never skipped).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/nontransaction>

#include "app/postgres_replay.h"
#include "backends/pg/pg_database.h"
#include "model/app_schema.h"
#include "scenarios/catalogue.h"
#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

struct CatalogueVariant {
  std::string scenario;
  std::string variant;
  friend void PrintTo(const CatalogueVariant& v, std::ostream* out) { *out << v.scenario << " " << v.variant; }
};

std::vector<CatalogueVariant> catalogue_variants(bool holds) {
  std::vector<CatalogueVariant> variants;
  for (const auto& scenario : scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR)) {
    for (const auto& expected : scenario.expectations) {
      if (expected.holds == holds) variants.push_back({scenario.name, expected.variant});
    }
  }
  return variants;
}

std::string variant_name(const ::testing::TestParamInfo<CatalogueVariant>& info) {
  std::string name = info.param.scenario + "_" + info.param.variant;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class RaceOnPostgres : public CliFixture, public ::testing::WithParamInterface<CatalogueVariant> {};

TEST_P(RaceOnPostgres, ShrunkTraceReproducesItsViolation) {
  const auto& [scenario, variant] = GetParam();
  ASSERT_EQ(run("explore " + scenario + " --variant " + variant + " --strategy pct --seed 1 --out race").exit_code,
            kViolation);
  const nlohmann::json model = nlohmann::json::parse(read_file(work() / "race" / "trace.json"));
  const CommandResult replayed = run("replay race/trace.json --backend postgres --json");
  ASSERT_EQ(replayed.exit_code, kViolation) << replayed.out << replayed.err;
  const nlohmann::json server = nlohmann::json::parse(replayed.out);
  EXPECT_TRUE(server["reproduced"].get<bool>()) << replayed.out;
  EXPECT_TRUE(server["divergence"].is_null()) << replayed.out;
  EXPECT_EQ(server["property"], model["verdict"]["property"]);
  EXPECT_EQ(server["message"], model["verdict"]["message"]);
  EXPECT_FALSE(server["statements"].empty()) << "the race never reached the server";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, RaceOnPostgres, ::testing::ValuesIn(catalogue_variants(false)), variant_name);

class FixOnPostgres : public ::testing::TestWithParam<CatalogueVariant> {};

TEST_P(FixOnPostgres, SampledSchedulesHoldWithTheModelsOutcomes) {
  const auto& [name, variant] = GetParam();
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario& scenario = *scenarios::find_scenario(catalogue, name);
  // A schedule that delays a waiter the server let go at once cannot be
  // forced on a server (server_mirror.h); those are drawn past, up to a
  // bound, until kWanted schedules have run there.
  constexpr std::size_t kWanted = 8, kDrawn = 40;
  std::size_t statements = 0, replayed = 0, unreplayable = 0;
  impl::pg::ServerMirror mirror({.dsn = ""});  // one database for the samples, as hunt --confirm-postgres
  for (const Trace& trace : app::sample_traces(scenario, variant, /*seed=*/1, kDrawn)) {
    if (replayed == kWanted) break;
    ASSERT_EQ(trace.verdict.status, VerdictStatus::kHolds) << "the model's own verdict changed";
    const app::PostgresReplay result = app::replay_on_postgres(scenario, trace, mirror);
    ASSERT_FALSE(result.failure) << *result.failure;
    ASSERT_FALSE(result.divergence) << *result.divergence;
    if (result.unreplayable) {
      ++unreplayable;
      continue;
    }
    EXPECT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    statements += result.statements.size();
    ++replayed;
  }
  EXPECT_EQ(replayed, kWanted) << unreplayable << " schedules drawn were not replayable";
  EXPECT_GT(statements, 0U) << "no statement reached the server";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, FixOnPostgres, ::testing::ValuesIn(catalogue_variants(true)), variant_name);

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

class HuntOnPostgres : public CliFixture {};
class ReplayOnPostgresCli : public CliFixture {};

TEST_F(ReplayOnPostgresCli, UnreachableServerIsExit3NamingItOnStderr) {
  ASSERT_EQ(run(std::string(kExploreSeed)).exit_code, kViolation);
  const CommandResult replayed = run("replay D/trace.json --backend postgres --dsn 'host=127.0.0.1 port=1'");
  EXPECT_EQ(replayed.exit_code, 3);
  EXPECT_TRUE(replayed.out.empty()) << replayed.out;
  EXPECT_NE(replayed.err.find("could not connect to PostgreSQL (host=127.0.0.1 port=1)"), std::string::npos)
      << replayed.err;
}

// Runs `sql` on the suite's server, outside a transaction.
void on_server(const std::string& sql) {
  pqxx::connection connection;
  pqxx::nontransaction(connection).exec0(sql);
}

TEST_F(ReplayOnPostgresCli, AScratchDatabaseIsReusedAndOneWithDataIsNeverEmptied) {
  on_server("DROP DATABASE IF EXISTS interleave_scratch_cli");
  on_server("DROP DATABASE IF EXISTS interleave_scratch_taken");
  on_server("CREATE DATABASE interleave_scratch_cli");
  on_server("CREATE DATABASE interleave_scratch_taken");
  ASSERT_EQ(run(std::string(kExploreSeed)).exit_code, kViolation);
  for (int run_number = 1; run_number <= 2; ++run_number) {  // the second finds the first's tables and mark
    const CommandResult replayed = run("replay D/trace.json --backend postgres --database interleave_scratch_cli");
    EXPECT_EQ(replayed.exit_code, kViolation) << run_number << ": " << replayed.out << replayed.err;
    EXPECT_NE(replayed.out.find("reproduced on PostgreSQL"), std::string::npos) << replayed.out;
  }
  {
    pqxx::connection connection;
    pqxx::nontransaction sql(connection);
    const std::string mark = sql.exec1("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                       "WHERE datname = 'interleave_scratch_cli'")[0]
                                 .as<std::string>();
    EXPECT_TRUE(mark.starts_with(impl::pg::kScratchMark)) << mark;
  }
  // Two runs at once in one scratch database would empty each other's tables.
  {
    impl::pg::PgDatabase first("", model::app_tables(), impl::pg::ScratchDatabase{"interleave_scratch_cli"});
    try {
      impl::pg::PgDatabase second("", model::app_tables(), impl::pg::ScratchDatabase{"interleave_scratch_cli"});
      ADD_FAILURE() << "a second run took the scratch database in use";
    } catch (const model::db::DbError& error) {
      EXPECT_EQ(error.sqlstate(), "55006") << error.what();
    }
  }
  // A database with tables and no mark is someone's: refused, left alone.
  {
    pqxx::connection taken("dbname=interleave_scratch_taken");
    pqxx::nontransaction(taken).exec0("CREATE TABLE keep (x int)");
  }
  const CommandResult refused = run("replay D/trace.json --backend postgres --database interleave_scratch_taken");
  EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("holds tables and is not an interleave scratch database"), std::string::npos)
      << refused.err;
  {
    pqxx::connection taken("dbname=interleave_scratch_taken");
    EXPECT_NO_THROW(pqxx::nontransaction(taken).exec0("SELECT x FROM keep"));
  }
  EXPECT_EQ(run("replay D/trace.json --database interleave_scratch_cli").exit_code, kBadInput);
  on_server("DROP DATABASE interleave_scratch_cli WITH (FORCE)");
  on_server("DROP DATABASE interleave_scratch_taken WITH (FORCE)");
}

TEST_F(ReplayOnPostgresCli, DfsOnTheServerIsRefusedAsBadInput) {
  const CommandResult explored = run("explore tenant-slug-race --backend postgres --strategy dfs");
  EXPECT_EQ(explored.exit_code, kBadInput);
  EXPECT_NE(explored.err.find("--backend postgres"), std::string::npos) << explored.err;
}

// hunt --confirm-postgres on one scenario of the catalogue: every verdict is
// checked on the server, and the table, summary, dashboard and race report
// say so.
TEST_F(HuntOnPostgres, ConfirmsEveryVerdictAndReportsIt) {
  fs::create_directories(work() / "catalogue");
  fs::copy_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "tenant-slug-race.scn", work() / "catalogue" / "tenant-slug-race.scn");
  const CommandResult hunt =
      run("hunt --scenarios catalogue --schedules 2000 --confirm-postgres --postgres-samples 3 --out run");
  ASSERT_EQ(hunt.exit_code, kHolds) << hunt.out << hunt.err;
  EXPECT_NE(hunt.out.find("postgres"), std::string::npos) << hunt.out;
  const nlohmann::json summary = nlohmann::json::parse(read_file(work() / "run" / "summary.json"));
  ASSERT_EQ(summary.size(), 4U);
  for (const auto& entry : summary) {
    SCOPED_TRACE(entry["variant"].get<std::string>());
    ASSERT_TRUE(entry.contains("postgres")) << entry.dump();
    EXPECT_EQ(entry["postgres"]["status"], "confirmed") << entry.dump();
    const std::uint64_t wanted = entry["verdict"] == "holds" ? 3 : 1;
    EXPECT_EQ(entry["postgres"]["replays"].get<std::uint64_t>(), wanted);
  }
  EXPECT_NE(read_file(work() / "run" / "index.html").find("<th>on PostgreSQL</th>"), std::string::npos);
  const std::string race = read_file(work() / "run" / "tenant-slug-race" / "seed" / "report.md");
  EXPECT_NE(race.find("- `seed`, this race: confirmed on PostgreSQL"), std::string::npos) << race;
  EXPECT_NE(race.find("confirmed on PostgreSQL (3 schedules replayed there in lockstep)"), std::string::npos) << race;
  EXPECT_NE(race.find("--backend postgres"), std::string::npos) << race;
}

}  // namespace
}  // namespace interleave
