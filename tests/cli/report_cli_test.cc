// `interleave report` in every format, and the files a hunt leaves for CI:
// junit.xml where every verdict the catalogue expects passes and only an
// unexpected one fails, valid against the Ant JUnit schema.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"
#include "tests/text_count.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;

class ReportCli : public CliFixture {
 protected:
  // xmllint's exit code for a file of work() against tests/reports/junit.xsd.
  int validate_junit(const std::string& file) const {
    const std::string command = "xmllint --noout --schema '" INTERLEAVE_TESTS_SOURCE_DIR "/reports/junit.xsd' '" +
                                (work() / file).string() + "' >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
};


TEST_F(ReportCli, AHuntWithEveryVerdictAsExpectedWritesJunitWithoutFailures) {
  ASSERT_EQ(run("hunt --schedules 2000 --out H").exit_code, kHolds);
  const nlohmann::json summary = nlohmann::json::parse(read_file(work() / "H/summary.json"));
  const std::string xml = read_file(work() / "H/junit.xml");
  EXPECT_EQ(validate_junit("H/junit.xml"), 0) << xml;

  std::size_t racy = 0;
  for (const auto& entry : summary) {
    const std::string scenario = entry["scenario"], variant = entry["variant"];
    const std::string opening = "<testcase name=\"" + variant + "\" classname=\"interleave." + scenario + "\"";
    const std::size_t at = xml.find(opening);
    ASSERT_NE(at, std::string::npos) << scenario << " " << variant;
    const std::string line = xml.substr(at, xml.find('\n', at) - at);
    EXPECT_EQ(line.substr(line.size() - 2), "/>") << "every variant as expected passes: " << line;
    if (entry["verdict"] != "holds") {
      ++racy;
      // The expected race is told where CI does not count it.
      EXPECT_THAT(xml, HasSubstr("<property name=\"" + variant + ".trace\" value=\"H/" + scenario + "/" + variant +
                                 "/trace.json\"/>"));
      EXPECT_THAT(xml, HasSubstr("interleave replay H/" + scenario + "/" + variant + "/trace.json\n"));
      // Every race's report carries the diagram code hosts draw.
      EXPECT_THAT(read_file(work() / "H" / scenario / variant / "report.md"),
                  HasSubstr("**Sequence Diagram:**\n```mermaid\nsequenceDiagram\n"));
    }
  }
  EXPECT_GT(racy, 0u);
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 0u);
  EXPECT_EQ(test_support::occurrences(xml, "<error "), 0u);
  EXPECT_EQ(test_support::occurrences(xml, " failures=\"0\" errors=\"0\""), test_support::occurrences(xml, "<testsuite "));
  EXPECT_EQ(test_support::occurrences(xml, "<testcase "), summary.size());
}

TEST_F(ReportCli, AHuntWithOneUnexpectedVerdictWritesExactlyThatFailure) {
  // The catalogue entry of report 000, with the seed variant expected to hold.
  std::string scenario = read_file(INTERLEAVE_SCENARIO_DIR "/tenant-slug-race.scn");
  const std::string expectation = "expect   seed  fails unique-slugs";
  ASSERT_NE(scenario.find(expectation), std::string::npos);
  scenario.replace(scenario.find(expectation), expectation.size(), "expect   seed  holds");
  write_file(work() / "S/tenant-slug-race.scn", scenario);

  ASSERT_EQ(run("hunt --schedules 2000 --out H --scenarios S").exit_code, kViolation);
  const std::string xml = read_file(work() / "H/junit.xml");
  EXPECT_EQ(validate_junit("H/junit.xml"), 0) << xml;
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 1u) << xml;
  EXPECT_EQ(test_support::occurrences(xml, "<error "), 0u);
  EXPECT_THAT(xml, HasSubstr("tests=\"4\" failures=\"1\" errors=\"0\""));
  const std::size_t seed = xml.find("<testcase name=\"seed\" classname=\"interleave.tenant-slug-race\"");
  ASSERT_NE(seed, std::string::npos);
  EXPECT_THAT(xml.substr(seed, xml.find("</testcase>", seed) - seed),
              HasSubstr("<failure message=\"fails unique-slugs, but the catalogue expects: holds (unique-slugs: "));
}

// A trace carries its scenario: the report's replay command runs as printed
// after the scenario folder it came from is gone. (The report's explore
// command searches again from scratch and still needs --scenarios.)
// The commands in a report's Reproduce block, without the leading "interleave ".
std::vector<std::string> reproduce_commands(const std::string& report) {
  std::vector<std::string> commands;
  const std::size_t block = report.find("\n## Reproduce\n```\n");
  if (block == std::string::npos) return commands;
  const std::size_t end = report.find("```", block + 16);
  std::size_t at = block + 16;
  while (at < end) {
    const std::size_t line_end = report.find('\n', at);
    const std::string line = report.substr(at, line_end - at);
    if (line.rfind("interleave ", 0) == 0) commands.push_back(line.substr(11));
    at = line_end + 1;
  }
  return commands;
}

TEST_F(ReportCli, ReproduceCommandsRunAsPrintedWithoutTheScenarioFolder) {
  std::string scenario = read_file(INTERLEAVE_SCENARIO_DIR "/tenant-slug-race.scn");
  scenario.replace(scenario.find("scenario tenant-slug-race"), 25, "scenario private-race");
  write_file(work() / "S/private-race.scn", scenario);
  ASSERT_EQ(run("hunt --schedules 2000 --out H --scenarios S --quiet").exit_code, kHolds);

  std::map<std::string, std::vector<std::string>> commands;
  std::size_t on_postgres = 0;
  for (const char* variant : {"seed", "alt"}) {
    const std::string report = read_file(work() / "H/private-race" / variant / "report.md");
    for (const std::string& command : reproduce_commands(report)) {
      // Run on a server by the PostgreSQL tests (tests/pg/postgres_replay_test.cc).
      if (command.find("--backend postgres") != std::string::npos) {
        ++on_postgres;
        continue;
      }
      commands[command.substr(0, command.find(' '))].push_back(command);
    }
  }
  EXPECT_EQ(on_postgres, 2u);
  ASSERT_EQ(commands["explore"].size(), 2u);
  ASSERT_EQ(commands["replay"].size(), 2u);
  EXPECT_EQ(commands.size(), 2u) << "a command this test does not run";

  // Searching again needs the scenario: the command names its folder.
  for (const std::string& command : commands["explore"]) {
    EXPECT_THAT(command, HasSubstr(" --scenarios S"));
    const CommandResult result = run(command + " --quiet");
    EXPECT_EQ(result.exit_code, kViolation) << command << "\n" << result.out << result.err;
    EXPECT_THAT(result.out, HasSubstr("violation unique-slugs at schedule ")) << command;
  }
  // Replaying does not: the trace carries it.
  fs::remove_all(work() / "S");
  for (const std::string& command : commands["replay"]) {
    const CommandResult result = run(command);
    EXPECT_EQ(result.exit_code, kViolation) << command << "\n" << result.out << result.err;
    EXPECT_THAT(result.out, HasSubstr("reproduced violation unique-slugs")) << command;
  }
}

TEST_F(ReportCli, HuntReportsSayWhichVariantHolds) {
  ASSERT_EQ(run("hunt --schedules 2000 --out H").exit_code, kHolds);
  const std::string report = read_file(work() / "H/tenant-slug-race/seed/report.md");
  EXPECT_THAT(report, HasSubstr("## Fix Verification\n- `fixed` holds: no violation in 2000 schedules"));
  EXPECT_TRUE(fs::exists(work() / "H/tenant-slug-race/seed/report.html"));
  EXPECT_TRUE(fs::exists(work() / "H/index.html"));
}

TEST_F(ReportCli, JsonReportOfATrace) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  CommandResult result = run("report D/trace.json --format json");
  ASSERT_EQ(result.exit_code, kHolds) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["format"], "interleave-report");
  EXPECT_EQ(report["verdict"]["property"], "unique-slugs");
  EXPECT_EQ(report["reproduce"]["model"], "interleave replay D/trace.json");
  EXPECT_TRUE(report["timeline"][report["marked_event"].get<std::size_t>()]["marked"].get<bool>());
}

TEST_F(ReportCli, JunitOfATraceIsOneFailingCase) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  ASSERT_EQ(run("report D/trace.json --format junit -o one.xml").exit_code, kHolds);
  EXPECT_EQ(validate_junit("one.xml"), 0) << read_file(work() / "one.xml");
  const std::string xml = read_file(work() / "one.xml");
  EXPECT_EQ(test_support::occurrences(xml, "<testcase "), 1u);
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 1u);
  EXPECT_THAT(xml, HasSubstr("interleave replay D/trace.json"));
}

TEST_F(ReportCli, JunitOfARunFolderIsOneDocument) {
  ASSERT_EQ(run("hunt --schedules 500 --out H").exit_code, kHolds);
  fs::remove(work() / "H/junit.xml");
  CommandResult result = run("report H --format junit");
  ASSERT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.out, HasSubstr("H/junit.xml"));
  EXPECT_EQ(validate_junit("H/junit.xml"), 0);
}

}  // namespace
}  // namespace interleave
