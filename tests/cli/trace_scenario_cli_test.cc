// A trace knows the scenario it was recorded from: replaying it after that
// scenario changed says so before anything else, divergences name actors as
// the scenario does, and traces of format version 1 still load and replay.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/trace_scenario.h"
#include "scenarios/scenario_parser.h"
#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class TraceScenarioCli : public CliFixture {
 protected:
  // A copy of tenant-slug-race in S/, and a trace of its seed race recorded
  // from it (not shrunk, so that its actors are the scenario's).
  void record_from_a_copy() {
    write_file(work() / "S/tenant-slug-race.scn", read_file(INTERLEAVE_SCENARIO_DIR "/tenant-slug-race.scn"));
    ASSERT_EQ(run("explore tenant-slug-race --variant seed --schedules 10000 --out R --scenarios S --no-shrink --quiet")
                  .exit_code,
              kViolation);
  }
  // The scenario file with api-3 asking for another slug.
  void edit_the_copy() {
    std::string text = read_file(work() / "S/tenant-slug-race.scn");
    const std::size_t at = text.find("actor api-3 ");
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, text.find('\n', at) - at, "actor api-3 create_tenant name=Beta slug=beta");
    write_file(work() / "S/tenant-slug-race.scn", text);
  }
  std::string hash_of_the_copy() {
    return app::scenario_hash(
        scenarios::parse_scenario(read_file(work() / "S/tenant-slug-race.scn"), "S/tenant-slug-race.scn"));
  }
  nlohmann::ordered_json trace() { return nlohmann::ordered_json::parse(read_file(work() / "R/trace.json")); }
};

TEST_F(TraceScenarioCli, ATraceCarriesItsScenariosHashAndFolder) {
  record_from_a_copy();
  const nlohmann::ordered_json json = trace();
  EXPECT_EQ(json["version"], 2);
  EXPECT_EQ(json["scenario_hash"], hash_of_the_copy());
  EXPECT_THAT(json["scenario_hash"].get<std::string>(), StartsWith("sha256:"));
  EXPECT_EQ(json["scenario_hash"].get<std::string>().size(), 7u + 64u);
  EXPECT_EQ(json["scenario_folder"], "S");
}

TEST_F(TraceScenarioCli, ReplayAfterTheScenarioChangedSaysSoFirst) {
  record_from_a_copy();
  const std::string recorded = trace()["scenario_hash"];
  edit_the_copy();
  const CommandResult result = run("replay R/trace.json --scenarios S");
  EXPECT_EQ(result.exit_code, kViolation) << result.out << result.err;  // the trace's own copy still races
  EXPECT_THAT(result.out,
              StartsWith("R/trace.json: scenario 'tenant-slug-race' has changed since this trace was recorded: S "
                         "holds it with hash " +
                         hash_of_the_copy() + ", the trace was recorded from " + recorded +
                         "; replaying the scenario the trace carries (to search the changed scenario: interleave "
                         "explore tenant-slug-race --variant seed --scenarios S)\nR/trace.json: reproduced violation "
                         "unique-slugs\n"));

  const CommandResult json = run("replay R/trace.json --scenarios S --json");
  EXPECT_THAT(nlohmann::json::parse(json.out)["scenario_changed"].get<std::string>(),
              HasSubstr("has changed since this trace was recorded"));
}

TEST_F(TraceScenarioCli, AnUnchangedScenarioSaysNothing) {
  record_from_a_copy();
  std::string text = read_file(work() / "S/tenant-slug-race.scn");
  write_file(work() / "S/tenant-slug-race.scn", "# a comment changes nothing\n" + text);
  const CommandResult result = run("replay R/trace.json --scenarios S");
  EXPECT_EQ(result.exit_code, kViolation);
  EXPECT_THAT(result.out, StartsWith("R/trace.json: reproduced violation unique-slugs\n"));
}

TEST_F(TraceScenarioCli, ATraceWithoutItsScenarioReplaysTheChangedOneAndSaysSo) {
  record_from_a_copy();
  nlohmann::ordered_json json = trace();
  json.erase("scenario_source");
  write_file(work() / "R/trace.json", json.dump(2));
  edit_the_copy();
  const CommandResult result = run("replay R/trace.json --scenarios S");
  EXPECT_EQ(result.exit_code, kDivergence) << result.out << result.err;
  EXPECT_THAT(result.out, StartsWith("R/trace.json: scenario 'tenant-slug-race' has changed since this trace was "
                                     "recorded"));
  EXPECT_THAT(result.out, HasSubstr("this trace does not carry its scenario, so the changed one replays and may "
                                    "diverge"));
}

TEST_F(TraceScenarioCli, AVersionOneTraceLoadsAndItsDivergenceNamesTheLikelyCause) {
  record_from_a_copy();
  nlohmann::ordered_json json = trace();
  json["version"] = 1;
  json.erase("scenario_source");
  json.erase("scenario_hash");
  json.erase("scenario_folder");
  write_file(work() / "R/old.json", json.dump(2));
  const CommandResult same = run("replay R/old.json --scenarios S");
  EXPECT_EQ(same.exit_code, kViolation) << same.out << same.err;

  edit_the_copy();
  const CommandResult changed = run("replay R/old.json --scenarios S");
  EXPECT_EQ(changed.exit_code, kDivergence) << changed.out << changed.err;
  EXPECT_THAT(changed.out, HasSubstr("\n  this trace (format version 1) carries neither its scenario nor its hash, "
                                     "so interleave cannot tell whether scenario 'tenant-slug-race' changed since it "
                                     "was recorded; an edited scenario would explain this\n"));
}

TEST_F(TraceScenarioCli, DivergencesNameActorsByName) {
  record_from_a_copy();
  nlohmann::ordered_json json = trace();
  // The first actor choice picks the trace's last actor, one the run starts
  // only later (a workflow's activity): not runnable there.
  const std::size_t last = json["actors"].size() - 1;
  const std::string last_name = json["actors"][last]["name"];
  ASSERT_GT(last, 2u);
  std::size_t at = 0;
  while (json["choices"][at].get<std::string>()[0] != 'a') ++at;
  json["choices"][at] = "a" + std::to_string(last);
  write_file(work() / "R/edited.json", json.dump(2));
  const CommandResult result = run("replay R/edited.json");
  EXPECT_EQ(result.exit_code, kDivergence) << result.out << result.err;
  EXPECT_EQ(result.out, "R/edited.json: divergence: not reproducible at choice " + std::to_string(at) +
                            ": the trace runs " + last_name + " (a" + std::to_string(last) +
                            ") next, but the program has one of api-1 (a0), api-2 (a1), api-3 (a2) to run\n");
}

}  // namespace
}  // namespace interleave
