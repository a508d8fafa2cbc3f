// JUnit XML: one failing case per variant with a race, none for a variant
// that holds, hostile text escaped, and the whole document valid against
// the Ant JUnit schema (tests/reports/junit.xsd, checked with xmllint).

#include "reports/junit_report.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/reports/sample_traces.h"

namespace interleave::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

JunitRun hunt_like_run() {
  nlohmann::json seed = {{"scenario", "tenant-slug-race"}, {"variant", "seed"},     {"schedules", 18},
                         {"elapsed_s", 0.25},              {"verdict", "violation"}, {"property", "unique-slugs"},
                         {"message", "api-2: create_tenant ended in an unhandled error: workflow already started"},
                         {"expected", "fails unique-slugs"}, {"trace", "out/tenant-slug-race/seed/trace.json"}};
  nlohmann::json fixed = {{"scenario", "tenant-slug-race"}, {"variant", "fixed"}, {"schedules", 10000},
                          {"elapsed_s", 1.5}, {"verdict", "holds"}, {"expected", "holds"}};
  nlohmann::json other = {{"scenario", "section-id-race"}, {"variant", "fixed"}, {"schedules", 10000},
                          {"elapsed_s", 2.0}, {"verdict", "holds"}, {"expected", "holds"}};
  return {.timestamp = "2026-12-03T13:50:00",
          .hostname = "ci",
          .cases = {junit_case(seed, sample::violation_trace()), junit_case(fixed, std::nullopt),
                    junit_case(other, std::nullopt)}};
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
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
  EXPECT_EQ(count(xml, "<testsuite "), 2u);
  EXPECT_EQ(count(xml, "<testcase "), 3u);
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"tenant-slug-race\" package=\"interleave\" id=\"0\" "
                             "timestamp=\"2026-12-03T13:50:00\" hostname=\"ci\" tests=\"2\" failures=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"section-id-race\" package=\"interleave\" id=\"1\""));
}

TEST(JunitReport, OnlyTheVariantWithARaceFails) {
  const std::string xml = render_junit(hunt_like_run());
  EXPECT_EQ(count(xml, "<failure "), 1u);
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
