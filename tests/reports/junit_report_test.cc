// JUnit XML as CI reads it: a variant whose verdict the catalogue expects
// passes (an expected race is told in the suite's output and properties);
// only an unexpected verdict or a divergence fails, a server failure is an
// error; a race with nothing expected (one trace) fails. Hostile text is
// escaped, and the whole document is valid against the Ant JUnit schema
// (tests/reports/junit.xsd, checked with xmllint).

#include "reports/junit_report.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/reports/sample_traces.h"
#include "tests/text_count.h"

namespace interleave::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json seed_entry() {
  return {{"scenario", "tenant-slug-race"}, {"variant", "seed"},     {"schedules", 18},
          {"elapsed_s", 0.25},              {"verdict", "violation"}, {"property", "unique-slugs"},
          {"message", "api-2: create_tenant ended in an unhandled error: workflow already started"},
          {"expected", "fails unique-slugs"}, {"trace", "out/tenant-slug-race/seed/trace.json"}};
}

// Entries as explore writes them: nothing says whether a verdict was expected.
JunitRun hunt_like_run() {
  nlohmann::json fixed = {{"scenario", "tenant-slug-race"}, {"variant", "fixed"}, {"schedules", 10000},
                          {"elapsed_s", 1.5}, {"verdict", "holds"}, {"expected", "holds"}};
  nlohmann::json other = {{"scenario", "section-id-race"}, {"variant", "fixed"}, {"schedules", 10000},
                          {"elapsed_s", 2.0}, {"verdict", "holds"}, {"expected", "holds"}};
  return {.timestamp = "2026-12-03T13:50:00",
          .hostname = "ci",
          .cases = {junit_case(seed_entry(), sample::violation_trace()), junit_case(fixed, std::nullopt),
                    junit_case(other, std::nullopt)}};
}

// The same run as hunt writes it: every verdict compared with the catalogue.
JunitRun compared_run() {
  JunitRun run = hunt_like_run();
  for (JunitCase& test : run.cases) test.as_expected = true;
  return run;
}


// xmllint's exit code and messages for `xml` against the shipped schema.
struct Validation {
  int exit_code = -1;
  std::string output;
};
Validation validate(const std::string& xml) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("interleave-junit-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".xml");
  std::ofstream(file) << xml;
  const std::string command = "xmllint --noout --schema " INTERLEAVE_TESTS_SOURCE_DIR "/reports/junit.xsd '" +
                              file.string() + "' 2>&1";
  Validation result;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) result.output += buffer;
    result.exit_code = pclose(pipe);
  }
  std::filesystem::remove(file);
  return result;
}

TEST(JunitReport, OneSuitePerScenarioOneCasePerVariant) {
  const std::string xml = render_junit(hunt_like_run());
  EXPECT_EQ(test_support::occurrences(xml, "<testsuite "), 2u);
  EXPECT_EQ(test_support::occurrences(xml, "<testcase "), 3u);
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"tenant-slug-race\" package=\"interleave\" id=\"0\" "
                             "timestamp=\"2026-12-03T13:50:00\" hostname=\"ci\" tests=\"2\" failures=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"section-id-race\" package=\"interleave\" id=\"1\""));
}

TEST(JunitReport, WithNothingExpectedOnlyTheVariantWithARaceFails) {
  const std::string xml = render_junit(hunt_like_run());
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 1u);
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"fixed\" classname=\"interleave.tenant-slug-race\" time=\"1.500000\"/>"));
  const std::size_t failure = xml.find("<failure ");
  ASSERT_NE(failure, std::string::npos);
  const std::string body = xml.substr(failure, xml.find("</failure>") - failure);
  EXPECT_THAT(body, HasSubstr("message=\"unique-slugs: api-2: create_tenant ended in an unhandled error"));
  EXPECT_THAT(body, HasSubstr("type=\"violation\""));
  // The timeline, its marker on the violating event, and the replay command.
  EXPECT_THAT(body, HasSubstr("T0:    api-1: SELECT id FROM tenants WHERE slug = &#39;acme&#39; → 0 rows"));
  EXPECT_THAT(body, HasSubstr("◀ VIOLATION"));
  EXPECT_THAT(body, HasSubstr("interleave replay out/tenant-slug-race/seed/trace.json"));
}

TEST(JunitReport, EveryVerdictAsExpectedMeansNoFailureAndNoError) {
  const std::string xml = render_junit(compared_run());
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 0u) << xml;
  EXPECT_EQ(test_support::occurrences(xml, "<error "), 0u) << xml;
  EXPECT_THAT(xml, HasSubstr("tests=\"2\" failures=\"0\" errors=\"0\""));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"seed\" classname=\"interleave.tenant-slug-race\" time=\"0.250000\"/>"));
  // The expected race stays readable, where CI does not count it.
  EXPECT_THAT(xml, HasSubstr("      <property name=\"seed.verdict\" value=\"fails unique-slugs\"/>\n"
                             "      <property name=\"seed.expected\" value=\"fails unique-slugs\"/>\n"
                             "      <property name=\"seed.trace\" value=\"out/tenant-slug-race/seed/trace.json\"/>\n"));
  const std::size_t output = xml.find("<system-out>seed: fails unique-slugs after 18 schedules "
                                      "(catalogue expects: fails unique-slugs)\nT0:    api-1: SELECT");
  ASSERT_NE(output, std::string::npos) << xml;
  EXPECT_THAT(xml.substr(output), HasSubstr("interleave replay out/tenant-slug-race/seed/trace.json\n"));
  EXPECT_EQ(validate(xml).exit_code, 0) << validate(xml).output;
}

TEST(JunitReport, AnUnexpectedVerdictIsExactlyOneFailure) {
  JunitRun run = compared_run();
  run.cases[1].as_expected = false;  // fixed was expected to hold; say it raced
  run.cases[1].verdict = "violation";
  run.cases[1].property = "unique-slugs";
  run.cases[1].message = "two tenants share the slug acme";
  const std::string xml = render_junit(run);
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 1u);
  EXPECT_EQ(test_support::occurrences(xml, "<error "), 0u);
  EXPECT_THAT(xml, HasSubstr("tests=\"2\" failures=\"1\" errors=\"0\""));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"fixed\" classname=\"interleave.tenant-slug-race\" time=\"1.500000\">\n"
                             "      <failure message=\"fails unique-slugs, but the catalogue expects: holds "
                             "(unique-slugs: two tenants share the slug acme)\" type=\"unexpected verdict\">"));
  EXPECT_EQ(validate(xml).exit_code, 0) << validate(xml).output;
}

TEST(JunitReport, ARaceTheCatalogueExpectedButDidNotFindFails) {
  JunitRun run = compared_run();
  run.cases[0] = junit_case({{"scenario", "tenant-slug-race"}, {"variant", "seed"}, {"schedules", 100},
                             {"verdict", "holds"}, {"expected", "fails unique-slugs"}, {"as_expected", false}},
                            std::nullopt);
  const std::string xml = render_junit(run);
  EXPECT_EQ(test_support::occurrences(xml, "<failure "), 1u);
  EXPECT_THAT(xml, HasSubstr("<failure message=\"holds, but the catalogue expects: fails unique-slugs\" "
                             "type=\"unexpected verdict\"></failure>"));
}

TEST(JunitReport, ADivergenceFailsAndAServerFailureIsAnError) {
  nlohmann::json diverging = seed_entry();
  diverging["as_expected"] = true;
  diverging["postgres"] = {{"status", "DIVERGES"}, {"detail", "api-1: the model says 0 rows, PostgreSQL 1"}};
  nlohmann::json failed = {{"scenario", "tenant-slug-race"}, {"variant", "fixed"}, {"verdict", "holds"},
                           {"as_expected", true}, {"postgres", {{"status", "server failed"}, {"detail", "timeout"}}}};
  const std::string xml = render_junit({.timestamp = "2026-12-03T13:50:00", .hostname = "ci",
                                        .cases = {junit_case(diverging, sample::violation_trace()),
                                                  junit_case(failed, std::nullopt)}});
  EXPECT_THAT(xml, HasSubstr("tests=\"2\" failures=\"1\" errors=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<failure message=\"PostgreSQL answered otherwise than the model: api-1: the model "
                             "says 0 rows, PostgreSQL 1\" type=\"divergence\">T0:"));
  EXPECT_THAT(xml, HasSubstr("<error message=\"PostgreSQL failed: timeout\" type=\"infrastructure\"></error>"));
  EXPECT_EQ(validate(xml).exit_code, 0) << validate(xml).output;
}

TEST(JunitReport, AnInterruptedRunSaysSoInEverySuite) {
  JunitRun run = compared_run();
  run.interrupted = true;
  const std::string xml = render_junit(run);
  EXPECT_EQ(test_support::occurrences(xml, "<property name=\"interrupted\" value=\"true\"/>"), 2u);
  EXPECT_EQ(validate(xml).exit_code, 0) << validate(xml).output;
}

TEST(JunitReport, EscapesHostileText) {
  JunitRun run = hunt_like_run();
  run.cases[0].message = "</failure><script>alert(\"x\")</script> & \x01";
  run.cases[0].variant = "seed\"><evil";
  const std::string xml = render_junit(run);
  EXPECT_THAT(xml, Not(HasSubstr("<script>")));
  EXPECT_THAT(xml, Not(HasSubstr("<evil")));
  EXPECT_THAT(xml, HasSubstr("&lt;/failure&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ?"));
  const Validation validation = validate(xml);
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
}

TEST(JunitReport, ValidatesAgainstTheAntJunitSchema) {
  const Validation validation = validate(render_junit(hunt_like_run()));
  EXPECT_EQ(validation.exit_code, 0) << validation.output;
}

TEST(JunitReport, TheSchemaRejectsWhatIsNotJunit) {
  // Guards the check above: a document missing a suite's required parts fails.
  const Validation validation = validate("<testsuites><testsuite name=\"x\"/></testsuites>\n");
  EXPECT_NE(validation.exit_code, 0) << validation.output;
}

TEST(JunitReport, TheSameRunGivesTheSameBytes) {
  EXPECT_EQ(render_junit(hunt_like_run()), render_junit(hunt_like_run()));
}

}  // namespace
}  // namespace interleave::reports
