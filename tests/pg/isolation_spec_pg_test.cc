// The exported isolation spec of a trace, run by PostgreSQL's own
// isolationtester on the suite's server (pg_virtualenv, the PG* variables),
// gives every step the trace's outcome: the same rows counted, the same ids
// returned, the same error messages, and <waiting ...> exactly for the
// statements the trace shows blocked. Checked for the shrunk trace of every
// seed race of the catalogue and for fixed-variant schedules that hold.
// isolationtester prints an error's primary message, not its SQLSTATE, so
// the message is what is compared. Never skipped: without isolationtester
// or a server the tests fail.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "app/spec_schema.h"
#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "backends/pg/pg_database.h"
#include "reports/isolation_spec.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"
#include "tests/cli/cli_fixture.h"
#include "tests/pg/isolation_output.h"
#include "tests/pg/isolationtester.h"

namespace interleave {
namespace {

using reports::SpecStep;
using reports::StepRole;

// What the trace's result says the server prints; empty when it matches.
std::string difference(const SpecStep& step, const StepOutput& out) {
  if (!out.completed) return "never completed";
  if (step.role == StepRole::kStatement && out.waited != step.blocked) {
    return step.blocked ? "the trace shows it blocked; the server ran it at once"
                        : "waited on the server, not in the trace";
  }
  const std::optional<std::string> error = out.error();
  if (step.role != StepRole::kStatement || !step.result_event) {
    return error ? "failed: " + *error : "";
  }
  const std::string& result = step.result;
  std::smatch match;
  if (std::regex_match(result, match, std::regex(R"(error [0-9A-Z]{5}: (.*))"))) {
    return error == match[1].str() ? "" : "expected ERROR:  " + match[1].str() + ", got " + error.value_or("no error");
  }
  if (error) return "expected " + result + ", got ERROR:  " + *error;
  std::optional<std::size_t> rows;
  std::vector<std::string> values;
  if (std::regex_match(result, match, std::regex(R"((\d+) rows?|(?:UPDATE|DELETE) (\d+))"))) {
    rows = std::stoul(match[1].matched ? match[1].str() : match[2].str());
  } else if (std::regex_match(result, match, std::regex(R"(id (\d+))"))) {
    values = {match[1].str()};
  } else if (result == "true" || result == "false") {
    values = {result.substr(0, 1)};
  }
  if (rows && out.row_count() != rows) {
    return "expected " + result + ", got " + std::to_string(out.row_count().value_or(0)) + " rows";
  }
  if (!values.empty() && out.rows() != values) return "expected " + result + ", got other rows";
  return "";
}

class IsolationSpecOnPostgres : public CliFixture {
 protected:
  // Exports the trace with `interleave export`, runs the spec in a fresh
  // database and compares every step's output with the trace.
  void expect_the_server_agrees(const std::string& trace_file) {
    const std::optional<std::string> tester = isolationtester();
    ASSERT_TRUE(tester) << "isolationtester not found (postgresql-client-15 installs it)";
    const CommandResult exported = run("export " + trace_file + " --isolation-spec -o race.spec");
    ASSERT_EQ(exported.exit_code, kHolds) << exported.err;
    const std::string spec_text = read_file(work() / "race.spec");
    const nlohmann::json trace = nlohmann::json::parse(read_file(work() / trace_file));
    const reports::SpecSchema schema = app::app_spec_schema();
    ASSERT_EQ(spec_text, reports::render_isolation_spec(trace, trace_file, schema));
    const reports::IsolationSpec spec = reports::build_isolation_spec(trace, schema);
    ASSERT_FALSE(spec.steps.empty()) << spec_text;

    impl::pg::PgDatabase database("", {});  // empty; dropped even when a check fails
    // A statement that never completes fails after 2 × 20 s instead of 10 minutes.
    const std::string command = "PGISOLATIONTIMEOUT=20 " + shell_quoted(*tester) + " " +
                                shell_quoted(database.conninfo()) + " <" +
                                shell_quoted((work() / "race.spec").string()) + " >" +
                                shell_quoted((work() / "out").string()) + " 2>" +
                                shell_quoted((work() / "err").string());
    const int status = std::system(command.c_str());
    const std::string output = read_file(work() / "out");
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << read_file(work() / "err") << output << "\nspec:\n" << spec_text;
    // The expected output export wrote beside the spec, from the model, is
    // what the server prints: the pair is a regression test pg_isolation_regress can run.
    EXPECT_EQ(output, read_file(work() / "race.out")) << "spec:\n" << spec_text;

    std::vector<std::string> sessions;
    for (const reports::SpecSession& session : spec.sessions) sessions.push_back(session.name);
    const std::map<std::string, StepOutput> outputs = parse_isolation_output(output, sessions);
    std::string differences;
    for (const SpecStep& step : spec.steps) {
      auto out = outputs.find(step.name);
      const std::string problem = out == outputs.end() ? "not in the output" : difference(step, out->second);
      if (!problem.empty()) differences += "  " + step.name + " (" + step.sql + "): " + problem + "\n";
    }
    EXPECT_EQ(differences, "") << "isolationtester output:\n" << output << "\nspec:\n" << spec_text;
  }
};

// Why the export escapes "}" in SQL (as \x7d in an E'' literal) and nothing
// else: isolationtester's scanner ends a { } block at the first "}", inside
// a string literal too. It parses the spec before it connects, so no server
// is needed to see it.
TEST(IsolationTesterScanner, EndsABlockAtABraceInsideALiteral) {
  const std::optional<std::string> tester = isolationtester();
  ASSERT_TRUE(tester) << "isolationtester not found (postgresql-client-15 installs it)";
  const auto parse = [&](const std::string& sql) {
    const std::string spec = "session s1\nstep a { " + sql + " }\n";
    const std::string command = "printf '%s' " + shell_quoted(spec) + " | " + shell_quoted(*tester) +
                                " 'host=/nonexistent dbname=x' 2>&1";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char buffer[512];
      while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
      pclose(pipe);
    }
    return output;
  };
  EXPECT_THAT(parse("SELECT '{\"a\":1}'"), ::testing::HasSubstr("syntax error at line 2"));
  EXPECT_THAT(parse(reports::quote_literal("{\"a\":1}").insert(0, "SELECT ")),
              ::testing::Not(::testing::HasSubstr("syntax error")));
}

class SeedRaceIsolationSpecOnPostgres : public IsolationSpecOnPostgres,
                                        public ::testing::WithParamInterface<std::string> {};

TEST_P(SeedRaceIsolationSpecOnPostgres, TheShrunkTracesStatementsHaveTheirTraceOutcomes) {
  const CommandResult explored = run("explore " + GetParam() + " --variant seed --out race");
  ASSERT_EQ(explored.exit_code, kViolation) << explored.err;
  expect_the_server_agrees("race/trace.json");
}

INSTANTIATE_TEST_SUITE_P(Catalogue, SeedRaceIsolationSpecOnPostgres,
                         ::testing::Values("tenant-slug-race", "ghost-workflow", "deletion-window",
                                           "membership-retry", "section-id-race"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name;
                           for (char c : info.param) name += c == '-' ? '_' : c;
                           return name;
                         });

// The exported pair laid out as PostgreSQL's own isolation suite keeps its
// tests (specs/NAME.spec, expected/NAME.out) passes pg_isolation_regress,
// which installs beside isolationtester, against the suite's server.
TEST_F(IsolationSpecOnPostgres, TheExportedPairPassesPgIsolationRegress) {
  const std::optional<std::string> tester = isolationtester();
  ASSERT_TRUE(tester) << "isolationtester not found (postgresql-client-15 installs it)";
  const std::string regress = (std::filesystem::path(*tester).parent_path() / "pg_isolation_regress").string();
  ASSERT_EQ(run("explore deletion-window --variant seed --out race --quiet").exit_code, kViolation);
  std::filesystem::create_directories(work() / "suite/specs");
  ASSERT_EQ(run("export race/trace.json --isolation-spec -o suite/specs/race.spec").exit_code, kHolds);
  std::filesystem::create_directories(work() / "suite/expected");
  std::filesystem::rename(work() / "suite/specs/race.out", work() / "suite/expected/race.out");
  const std::string database = "isolation_regress_" + std::to_string(getpid());
  const CommandResult result = run_in_shell(shell_quoted(regress) + " --inputdir=suite --outputdir=results --dbname=" +
                                            database + " race");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err << read_file(work() / "results/regression.diffs");
  EXPECT_THAT(result.out, ::testing::HasSubstr("All 1 tests passed."));
  pqxx::connection connection;  // pg_regress leaves its database for a look; the suite's server is shared
  pqxx::nontransaction(connection).exec0("DROP DATABASE IF EXISTS " + connection.quote_name(database));
}

// One schedule of a variant that holds, recorded.
struct FixedSchedule {
  std::string scenario;
  std::string variant;
  bool with_a_wait;  // the first schedule where a statement blocks; else schedule 0
};

void PrintTo(const FixedSchedule& schedule, std::ostream* out) { *out << schedule.scenario << " " << schedule.variant; }

bool has_a_wait(const Trace& trace) {
  for (const Event& event : trace.events) {
    if (event.result.rfind("blocked", 0) == 0) return true;
  }
  return false;
}

// Schedules of random seed 1, the first `wanted` accepts, with its events.
std::optional<Trace> recorded_schedule(const FixedSchedule& wanted) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario* scenario = scenarios::find_scenario(catalogue, wanted.scenario);
  if (scenario == nullptr) return std::nullopt;
  const ProgramFactory factory = scenarios::program_factory(*scenario, wanted.variant);
  const TraceHeader header = scenarios::trace_header(*scenario, wanted.variant);
  std::vector<ChoiceVector> schedules;
  RandomStrategy random(1);
  ExploreOptions options{.seed = 1, .schedules = wanted.with_a_wait ? 300u : 1u};
  options.schedule_ran = [&](std::uint64_t, const ChoiceVector& choices) { schedules.push_back(choices); };
  const ExploreResult explored = explore(factory, random, header, options);
  if (explored.violations != 0) return std::nullopt;
  for (std::size_t index = 0; index < schedules.size(); ++index) {
    Trace trace = run_recorded(factory, schedules[index], options.limits);
    header.apply_to(trace);
    trace.strategy = "random";
    trace.seed = 1;
    trace.schedule = index;
    if (!wanted.with_a_wait || has_a_wait(trace)) return trace;
  }
  return std::nullopt;
}

class FixedScheduleIsolationSpecOnPostgres : public IsolationSpecOnPostgres,
                                public ::testing::WithParamInterface<FixedSchedule> {};

TEST_P(FixedScheduleIsolationSpecOnPostgres, ItsStatementsHaveTheirTraceOutcomes) {
  const std::optional<Trace> trace = recorded_schedule(GetParam());
  ASSERT_TRUE(trace) << "no such schedule among random seed 1's first 300 that hold";
  save_trace_file(*trace, (work() / "schedule.json").string());
  expect_the_server_agrees("schedule.json");
}

INSTANTIATE_TEST_SUITE_P(Catalogue, FixedScheduleIsolationSpecOnPostgres,
                         ::testing::Values(FixedSchedule{"tenant-slug-race", "fixed", true},
                                           FixedSchedule{"section-id-race", "fixed", true},
                                           FixedSchedule{"membership-retry", "fixed", false},
                                           FixedSchedule{"ghost-workflow", "fixed", false}),
                         [](const ::testing::TestParamInfo<FixedSchedule>& info) {
                           std::string name;
                           for (char c : info.param.scenario + "_" + info.param.variant) name += c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace interleave
