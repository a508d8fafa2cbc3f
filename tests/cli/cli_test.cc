// End-to-end tests of the `interleave` command: each runs the built binary in
// a fresh temporary folder and checks its exit code, output and files.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Result = CommandResult;


class Cli : public CliFixture {
 protected:
  // Explores the seed variant into work()/D; every test that needs a trace
  // starts here.
  Result explore_seed() const {
    Result result = run(kExploreSeed);
    EXPECT_EQ(result.exit_code, kViolation) << result.err;
    EXPECT_TRUE(fs::exists(work() / "D" / "trace.json"));
    return result;
  }

  nlohmann::ordered_json trace_json() const {
    return nlohmann::ordered_json::parse(read_file(work() / "D" / "trace.json"));
  }
  void write_trace(const std::string& name, const nlohmann::ordered_json& trace) const {
    write_file(work() / name, trace.dump(2) + "\n");
  }

  // A scenario folder in work() holding `text` as bad.scn.
  std::string scenario_folder(const std::string& text) const {
    write_file(work() / "S" / "bad.scn", text);
    return "S";
  }
};

// ---------------------------------------------------------------------- help

TEST_F(Cli, TopLevelHelpListsEverySubcommand) {
  Result result = run("--help");
  EXPECT_EQ(result.exit_code, kHolds);
  for (const char* subcommand : {"list", "explore", "replay", "hunt", "report"}) {
    EXPECT_THAT(result.out, HasSubstr(subcommand));
  }
}

TEST_F(Cli, EverySubcommandHasHelpNamingItsOptions) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> options = {
      {"list", {"--json", "--scenarios"}},
      {"explore", {"scenario", "--variant", "--strategy", "--seed", "--schedules", "--max-steps", "--out", "--json",
                   "--scenarios"}},
      {"replay", {"trace", "--backend", "--json", "--scenarios"}},
      {"hunt", {"--out", "--seed", "--schedules", "--json", "--scenarios"}},
      {"report", {"input", "--format", "--output"}},
  };
  for (const auto& [subcommand, flags] : options) {
    Result result = run(subcommand + " --help");
    EXPECT_EQ(result.exit_code, kHolds) << subcommand;
    EXPECT_THAT(result.out, HasSubstr("interleave " + subcommand)) << "usage line";
    for (const std::string& flag : flags) EXPECT_THAT(result.out, HasSubstr(flag)) << subcommand;
  }
}

TEST_F(Cli, VersionNamesTheCommitItWasBuiltFrom) {
  Result result = run("--version");
  EXPECT_EQ(result.exit_code, kHolds);
  // git describe --always --dirty at configure time, "unknown" outside git.
  EXPECT_TRUE(std::regex_match(result.out, std::regex("interleave 0\\.1\\.0 \\(commit ([0-9a-f]{7,}(-dirty)?|unknown)\\)\n")))
      << result.out;
}

TEST_F(Cli, HelpCommandShowsTheCommandsOrOneCommand) {
  Result all = run("help");
  EXPECT_EQ(all.exit_code, kHolds);
  EXPECT_EQ(all.out, run("--help").out);
  Result hunt = run("help hunt");
  EXPECT_EQ(hunt.exit_code, kHolds);
  EXPECT_EQ(hunt.out, run("hunt --help").out);
  EXPECT_THAT(hunt.out, HasSubstr("Usage: interleave hunt [OPTIONS]\n"));
}

TEST_F(Cli, HelpShowsNoParserNotation) {
  for (const char* command : {"explore", "hunt", "replay", "report", "list", "merge", "export"}) {
    const std::string help = run(std::string("help ") + command).out;
    for (const char* noise : {"UINT", "{false}", "{true}", "TEXT:", "18446744073709551615"}) {
      EXPECT_THAT(help, Not(HasSubstr(noise))) << command;
    }
  }
  const std::string explore = run("help explore").out;
  EXPECT_THAT(explore, HasSubstr("  --seed N                    Seed of the strategy (default: 1)\n"));
  EXPECT_THAT(explore, HasSubstr("  --strategy {random,pct,dfs,portfolio}\n"
                                 "                              Scheduling strategy (portfolio: --schedules shared by "
                                 "random, pct at depths 1-3 and dfs) (default: random)\n"));
  EXPECT_THAT(explore, HasSubstr("  --no-reduction              dfs: run every schedule, without the sleep-set "
                                 "reduction\n"));
  EXPECT_THAT(explore, HasSubstr("  -h, --help                  Print this help message and exit\n"));
}

TEST_F(Cli, ExploreWithoutOutSaysHowToSaveTheTrace) {
  Result result = run("explore tenant-slug-race --quiet");
  EXPECT_EQ(result.exit_code, kViolation);
  EXPECT_THAT(result.out,
              HasSubstr("\n  trace not saved: add --out tenant-slug-race/seed to save it with its reports\n"));
  Result saved = run("explore tenant-slug-race --quiet --out tenant-slug-race/seed");
  EXPECT_THAT(saved.out, HasSubstr("\n  trace: tenant-slug-race/seed/trace.json\n"));
  EXPECT_TRUE(fs::exists(work() / "tenant-slug-race/seed/trace.json"));
}

// ----------------------------------------------------------------- bad input

TEST_F(Cli, NoSubcommandIsBadInput) {
  Result result = run("");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("subcommand"));
}

TEST_F(Cli, UnknownSubcommandIsBadInputNamingIt) {
  Result result = run("frobnicate");
  EXPECT_EQ(result.exit_code, kBadInput);
  // The user gave a subcommand, so the message should say which one is wrong.
  EXPECT_THAT(result.err, HasSubstr("frobnicate"));
}

TEST_F(Cli, UnknownFlagIsBadInputNamingIt) {
  Result result = run("explore tenant-slug-race --frobnicate");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("--frobnicate"));
}

TEST_F(Cli, BadFlagValuesAreBadInput) {
  for (const char* args : {"explore tenant-slug-race --strategy exhaustive", "explore tenant-slug-race --schedules 0",
                           "explore tenant-slug-race --seed minus-one", "replay D/trace.json --backend postgres",
                           "report D/trace.json --format html"}) {
    Result result = run(args);
    EXPECT_EQ(result.exit_code, kBadInput) << args;
    EXPECT_FALSE(result.err.empty()) << args;
  }
}

TEST_F(Cli, MissingPositionalIsBadInput) {
  for (const char* args : {"explore", "replay", "report"}) {
    EXPECT_EQ(run(args).exit_code, kBadInput) << args;
  }
}

TEST_F(Cli, UnknownScenarioIsBadInputNamingIt) {
  Result result = run("explore no-such-race");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("unknown scenario 'no-such-race' (known: "));
}

TEST_F(Cli, UnknownVariantIsBadInputNamingIt) {
  Result result = run("explore tenant-slug-race --variant nightly");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("scenario 'tenant-slug-race' has no variant 'nightly' (it has seed, fixed, alt, hardened)"));
}

TEST_F(Cli, MalformedScenarioFileIsBadInputWithLineAndColumn) {
  std::string folder = scenario_folder("scenario s\nservice tenant\n  propery unique-slugs\n");
  for (const std::string& args : {"list --scenarios " + folder, "explore s --scenarios " + folder,
                                  "hunt --out H --schedules 10 --scenarios " + folder}) {
    Result result = run(args);
    EXPECT_EQ(result.exit_code, kBadInput) << args;
    EXPECT_THAT(result.err, HasSubstr("S/bad.scn:3:3: unknown directive 'propery'")) << args;
  }
}

TEST_F(Cli, InvalidScenarioFileIsBadInputWithLineAndColumn) {
  // Parses, but validation finds the operation does not exist.
  std::string folder = scenario_folder(
      "scenario s\nservice tenant\nproperty unique-slugs\nvariants seed\nexpect seed holds\n"
      "actor a drop_tenant slug=acme\n");
  Result result = run("list --scenarios " + folder);
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("S/bad.scn:6:9: unknown operation 'drop_tenant'"));
}

TEST_F(Cli, MissingScenarioFolderIsBadInput) {
  Result result = run("list --scenarios nowhere");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("nowhere: not a folder of scenario files"));
}

// ------------------------------------------------------------------- explore

TEST_F(Cli, ExploreSeedPrintsOneJsonObjectWithTheRunStatistics) {
  Result result = explore_seed();
  // One line, one object.
  ASSERT_FALSE(result.out.empty());
  EXPECT_EQ(result.out.find('\n'), result.out.size() - 1) << result.out;
  nlohmann::json json = nlohmann::json::parse(result.out);
  ASSERT_TRUE(json.is_object());
  for (const char* key : {"scenario", "variant", "strategy", "seed", "schedules", "violations", "first_violation_at",
                          "elapsed_s", "schedules_per_s"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["scenario"], "tenant-slug-race");
  EXPECT_EQ(json["variant"], "seed");
  EXPECT_EQ(json["strategy"], "random");
  EXPECT_EQ(json["seed"], 1);
  EXPECT_EQ(json["violations"], 1);
  ASSERT_TRUE(json["first_violation_at"].is_number_unsigned());
  // The run stops at the first violation, so it is the last schedule run.
  EXPECT_EQ(json["schedules"].get<std::uint64_t>(), json["first_violation_at"].get<std::uint64_t>() + 1);
  EXPECT_LE(json["schedules"].get<std::uint64_t>(), 10000u);
  EXPECT_TRUE(json["elapsed_s"].is_number());
  EXPECT_TRUE(json["schedules_per_s"].is_number());
  EXPECT_EQ(json["property"], "unique-slugs");
}

TEST_F(Cli, ExploreSeedWritesTraceAndReport) {
  explore_seed();
  nlohmann::ordered_json trace = trace_json();
  EXPECT_EQ(trace["format"], "interleave-trace");
  EXPECT_EQ(trace["version"], 2);
  EXPECT_EQ(trace["scenario"], "tenant-slug-race");
  EXPECT_EQ(trace["variant"], "seed");
  EXPECT_EQ(trace["seed"], 1);
  EXPECT_EQ(trace["verdict"]["status"], "violation");
  EXPECT_EQ(trace["verdict"]["property"], "unique-slugs");
  EXPECT_FALSE(trace["choices"].empty());
  EXPECT_FALSE(trace["events"].empty());

  std::string report = read_file(work() / "D" / "report.md");
  EXPECT_THAT(report, HasSubstr("Race Condition Timeline"));
  EXPECT_THAT(report, HasSubstr("VIOLATION"));
  EXPECT_THAT(report, HasSubstr("unique-slugs"));
}

TEST_F(Cli, ExploreWithoutJsonPrintsTheViolationAndTracePath) {
  Result result = run("explore tenant-slug-race --out D");
  EXPECT_EQ(result.exit_code, kViolation);
  EXPECT_THAT(result.out, HasSubstr("violation unique-slugs"));
  EXPECT_THAT(result.out, HasSubstr("trace: D/trace.json"));
}

TEST_F(Cli, ExploreIsDeterministic) {
  // Same arguments, same trace, byte for byte.
  EXPECT_EQ(run("explore tenant-slug-race --seed 7 --schedules 10000 --out A --json").exit_code, kViolation);
  EXPECT_EQ(run("explore tenant-slug-race --seed 7 --schedules 10000 --out B --json").exit_code, kViolation);
  std::string first = read_file(work() / "A" / "trace.json");
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, read_file(work() / "B" / "trace.json"));
}

TEST_F(Cli, ExploreFixedVariantHolds) {
  Result result = run("explore tenant-slug-race --variant fixed --schedules 10000 --out D --json");
  EXPECT_EQ(result.exit_code, kHolds) << result.out << result.err;
  nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["schedules"], 10000);
  EXPECT_EQ(json["violations"], 0);
  EXPECT_TRUE(json["first_violation_at"].is_null());
  EXPECT_EQ(json["verdict"], "holds");
  // Nothing failed, so there is no trace to write.
  EXPECT_FALSE(fs::exists(work() / "D" / "trace.json"));
}

// -------------------------------------------------------------------- replay

TEST_F(Cli, AStepBudgetEndsAScheduleAsBudgetExceededWithATrace) {
  Result result = run("explore tenant-slug-race --variant fixed --max-steps 5 --out B --json");
  EXPECT_EQ(result.exit_code, kViolation) << result.err;
  nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["verdict"], "budget-exceeded");
  EXPECT_THAT(json["message"].get<std::string>(), HasSubstr("step budget of 5 exceeded"));
  Result replayed = run("replay B/trace.json");
  EXPECT_EQ(replayed.exit_code, kViolation) << replayed.err;
  EXPECT_THAT(replayed.out, HasSubstr("reproduced budget-exceeded"));
}

TEST_F(Cli, ReplayReproducesTheViolation) {
  explore_seed();
  Result result = run("replay D/trace.json");
  EXPECT_EQ(result.exit_code, kViolation) << result.err;
  EXPECT_THAT(result.out, HasSubstr("reproduced violation unique-slugs"));
}

TEST_F(Cli, ReplayJsonNamesTheSameProperty) {
  explore_seed();
  Result result = run("replay D/trace.json --json");
  EXPECT_EQ(result.exit_code, kViolation);
  nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["verdict"], "violation");
  EXPECT_EQ(json["property"], trace_json()["verdict"]["property"]);
  EXPECT_EQ(json["message"], trace_json()["verdict"]["message"]);
  EXPECT_TRUE(json["divergence"].is_null());
}

TEST_F(Cli, ReplayOfEditedEventResultDiverges) {
  explore_seed();
  nlohmann::ordered_json trace = trace_json();
  trace["events"][0]["result"] = "42 rows";
  write_trace("edited.json", trace);
  Result result = run("replay edited.json");
  EXPECT_EQ(result.exit_code, kDivergence) << result.out << result.err;
  // Both events, their actor named as the scenario names it.
  EXPECT_EQ(result.out,
            "edited.json: divergence: event 0: expected step 0 api-2 db.select \"SELECT * FROM tenants WHERE slug = "
            "'acme'\" -> \"42 rows\", got step 0 api-2 db.select \"SELECT * FROM tenants WHERE slug = 'acme'\" -> "
            "\"0 rows\"\n");
}

TEST_F(Cli, ReplayOfSwappedActorChoiceDiverges) {
  explore_seed();
  nlohmann::ordered_json trace = trace_json();
  // Run another request actor at the first scheduling choice.
  bool swapped = false;
  for (auto& choice : trace["choices"]) {
    std::string text = choice.get<std::string>();
    if (text.front() != 'a') continue;
    choice = text == "a0" ? "a1" : "a0";
    swapped = true;
    break;
  }
  ASSERT_TRUE(swapped);
  write_trace("swapped.json", trace);
  Result result = run("replay swapped.json");
  EXPECT_EQ(result.exit_code, kDivergence) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("divergence"));
}

// A lockstep run that diverged from PostgreSQL saves its trace where it
// stopped: its choices end there, its verdict is the server's divergence.
// The model alone replays it to that point, and says so (not a race).
nlohmann::ordered_json stopped_at_a_divergence(nlohmann::ordered_json trace) {
  trace["choices"].erase(trace["choices"].end() - 1);
  trace["events"].erase(trace["events"].begin() + 1, trace["events"].end());
  trace["verdict"] = {{"status", "divergence"},
                      {"message", "on PostgreSQL: step 3, api-2: COMMIT: the model answered ok, the server error 40001"},
                      {"step", 3}};
  return trace;
}

TEST_F(Cli, ReplayOfATraceSavedAtADivergenceReachesItsPointOnTheModel) {
  explore_seed();
  write_trace("stopped.json", stopped_at_a_divergence(trace_json()));
  Result result = run("replay stopped.json");
  EXPECT_EQ(result.exit_code, kDivergence) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("replays the trace up to its fidelity divergence"));
  EXPECT_THAT(result.out, Not(HasSubstr("no more choices")));
  nlohmann::json json = nlohmann::json::parse(run("replay stopped.json --json").out);
  EXPECT_TRUE(json["reached_divergence_point"].get<bool>());
  EXPECT_TRUE(json["divergence"].is_null());
}

TEST_F(Cli, ReplayOfATraceSavedAtADivergenceStillComparesItsEvents) {
  explore_seed();
  nlohmann::ordered_json trace = stopped_at_a_divergence(trace_json());
  trace["events"][0]["result"] = "42 rows";
  write_trace("stopped.json", trace);
  Result result = run("replay stopped.json --json");
  EXPECT_EQ(result.exit_code, kDivergence) << result.out << result.err;
  nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_FALSE(json["reached_divergence_point"].get<bool>());
  EXPECT_FALSE(json["divergence"].is_null());
}

TEST_F(Cli, ReplayOfNonJsonIsBadInputNamingTheFile) {
  write_file(work() / "garbage.json", "this is not json\n");
  Result result = run("replay garbage.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("garbage.json: not valid JSON"));
}

TEST_F(Cli, ReplayOfTraceWithMissingFieldIsBadInputNamingFileAndField) {
  explore_seed();
  nlohmann::ordered_json trace = trace_json();
  trace.erase("verdict");
  write_trace("no-verdict.json", trace);
  Result result = run("replay no-verdict.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("no-verdict.json: field 'verdict': missing"));

  trace = trace_json();
  trace["events"][1].erase("result");
  write_trace("no-result.json", trace);
  result = run("replay no-result.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("no-result.json: field 'events[1].result': missing"));
}

TEST_F(Cli, ReplayOfMissingFileIsBadInput) {
  Result result = run("replay nowhere.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("nowhere.json"));
}

TEST_F(Cli, ReplayOfTraceForUnknownScenarioIsBadInput) {
  explore_seed();
  nlohmann::ordered_json trace = trace_json();
  trace["scenario"] = "gone-race";
  write_trace("gone.json", trace);
  Result result = run("replay gone.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("unknown scenario 'gone-race'"));
}

// ---------------------------------------------------------------------- hunt

TEST_F(Cli, HuntFindsTheCatalogueVerdictsAndWritesItsFiles) {
  write_file(work() / "S" / "race.scn", read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "tenant-slug-race.scn"));
  Result result = run("hunt --out H --schedules 2000 --scenarios S");
  EXPECT_EQ(result.exit_code, kHolds) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("tenant-slug-race"));
  EXPECT_THAT(result.out, HasSubstr("fails unique-slugs"));
  EXPECT_THAT(result.out, Not(HasSubstr("UNEXPECTED")));
  EXPECT_TRUE(fs::exists(work() / "H" / "tenant-slug-race" / "seed" / "trace.json"));
  EXPECT_TRUE(fs::exists(work() / "H" / "tenant-slug-race" / "seed" / "report.md"));
  EXPECT_FALSE(fs::exists(work() / "H" / "tenant-slug-race" / "fixed" / "trace.json"));

  nlohmann::json summary = nlohmann::json::parse(read_file(work() / "H" / "summary.json"));
  ASSERT_TRUE(summary.is_array());
  ASSERT_GE(summary.size(), 2u);
  for (const auto& row : summary) {
    EXPECT_EQ(row["scenario"], "tenant-slug-race");
    EXPECT_EQ(row["as_expected"], true) << row.dump();
    EXPECT_TRUE(row["faults_injected"].is_object()) << row.dump();
  }
  EXPECT_EQ(summary[1]["variant"], "fixed");
  // The portfolio's searches share the budget; dfs exhausts its bound here
  // before its share is used.
  std::uint64_t searched = 0;
  for (const auto& search : summary[1]["searches"]) searched += search["schedules"].get<std::uint64_t>();
  EXPECT_EQ(summary[1]["schedules"], searched);
  EXPECT_GT(searched, 1500u);
  EXPECT_LE(searched, 2000u);
}

TEST_F(Cli, HuntOfTheShippedCatalogueMatchesEveryExpectation) {
  // Few schedules: every seed race is found early, and the holding variants
  // are explored at length by the hunt itself, not by the unit tests.
  Result result = run("hunt --out H --schedules 3000");
  EXPECT_EQ(result.exit_code, kHolds) << result.out << result.err;
  EXPECT_THAT(result.out, Not(HasSubstr("UNEXPECTED")));
  EXPECT_THAT(result.out, HasSubstr("faults injected:"));
  nlohmann::json summary = nlohmann::json::parse(read_file(work() / "H" / "summary.json"));
  for (const auto& row : summary) {
    if (row["variant"] != "seed") continue;
    EXPECT_EQ(row["verdict"], "violation") << row.dump();
    // Every seed's race comes with a trace that reproduces it.
    EXPECT_EQ(run("replay " + row["trace"].get<std::string>()).exit_code, kViolation) << row.dump();
  }
}

TEST_F(Cli, HuntVerdictOffTheCatalogueIsAViolation) {
  // The shipped scenario, but expecting the seed variant to hold.
  std::string text = read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / "tenant-slug-race.scn");
  std::size_t expect = text.find("fails unique-slugs");
  ASSERT_NE(expect, std::string::npos);
  text.replace(expect, 18, "holds");
  write_file(work() / "S" / "race.scn", text);
  Result result = run("hunt --out H --schedules 200 --scenarios S");
  EXPECT_EQ(result.exit_code, kViolation);
  EXPECT_THAT(result.out, HasSubstr("UNEXPECTED"));
}

// -------------------------------------------------------------------- report

TEST_F(Cli, ReportOfATracePrintsMarkdown) {
  explore_seed();
  Result result = run("report D/trace.json");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Race Condition Timeline"));
  EXPECT_THAT(result.out, HasSubstr("VIOLATION"));
  EXPECT_THAT(result.out, HasSubstr("tenant-slug-race"));
}

TEST_F(Cli, ReportWithOutputWritesTheFile) {
  explore_seed();
  Result printed = run("report D/trace.json");
  Result result = run("report D/trace.json -o F.md");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_TRUE(result.out.empty());
  // The same report, whether printed or written.
  EXPECT_EQ(read_file(work() / "F.md"), printed.out);
}

TEST_F(Cli, ReportOfAFolderWritesAReportBesideEveryTrace) {
  ASSERT_EQ(run("hunt --out H --schedules 3000").exit_code, kHolds);
  fs::path report = work() / "H" / "tenant-slug-race" / "seed" / "report.md";
  fs::remove(report);
  Result result = run("report H");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.out, HasSubstr("H/tenant-slug-race/seed/report.md"));
  EXPECT_THAT(read_file(report), HasSubstr("Race Condition Timeline"));
}

TEST_F(Cli, ReportOfAFolderWithOutputFileIsBadInput) {
  ASSERT_EQ(run("hunt --out H --schedules 3000").exit_code, kHolds);
  EXPECT_EQ(run("report H -o F.md").exit_code, kBadInput);
}

TEST_F(Cli, ReportOfAFolderWithoutTracesIsBadInput) {
  fs::create_directories(work() / "empty");
  Result result = run("report empty");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("empty: no trace.json found"));
}

TEST_F(Cli, ReportOfMalformedTraceIsBadInputNamingTheFile) {
  write_file(work() / "garbage.json", "{");
  Result result = run("report garbage.json");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_THAT(result.err, HasSubstr("garbage.json"));
}

// ---------------------------------------------------------------------- list

TEST_F(Cli, ListNamesTheCatalogue) {
  Result result = run("list");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.out, HasSubstr("tenant-slug-race"));
  EXPECT_THAT(result.out, HasSubstr("fails unique-slugs"));
}

TEST_F(Cli, ListJsonDescribesEveryScenario) {
  Result result = run("list --json");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  nlohmann::json json = nlohmann::json::parse(result.out);
  ASSERT_TRUE(json.is_array());
  const nlohmann::json* race = nullptr;
  for (const auto& entry : json) {
    if (entry["scenario"] == "tenant-slug-race") race = &entry;
  }
  ASSERT_NE(race, nullptr) << result.out;
  EXPECT_EQ((*race)["services"], nlohmann::json::array({"tenant"}));
  EXPECT_EQ((*race)["variants"], nlohmann::json({"seed", "fixed", "alt", "hardened"}));
  EXPECT_EQ((*race)["expected"]["seed"], "fails unique-slugs");
  EXPECT_EQ((*race)["expected"]["fixed"], "holds");
}

}  // namespace
}  // namespace interleave
