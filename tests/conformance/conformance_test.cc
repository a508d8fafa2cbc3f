// The conformance suite: every permutation of the table runs on the model
// and on a real PostgreSQL 15 (the server of the PG* environment, as
// pg_virtualenv in scripts/test provides), and each transcript must equal
// the permutation's expectation. `ctest -R Conformance` runs both suites.

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "tests/conformance/model_runner.h"
#include "tests/conformance/permutations.h"
#include "tests/conformance/pg_runner.h"
#include "tests/conformance/steps.h"
#include "tests/conformance/tables.h"

namespace interleave::conformance {

// A failing test names its permutation rather than dumping its bytes.
void PrintTo(const Permutation& permutation, std::ostream* out) { *out << permutation.name; }

namespace {

// One line per event, so that gtest prints a line diff on a mismatch.
std::string joined(const std::vector<std::string>& transcript) {
  std::string text;
  for (const std::string& line : transcript) text += line + "\n";
  return text;
}

std::string permutation_name(const ::testing::TestParamInfo<Permutation>& info) { return info.param.name; }

class ModelConformance : public ::testing::TestWithParam<Permutation> {};
class PostgresConformance : public ::testing::TestWithParam<Permutation> {};

TEST_P(ModelConformance, TranscriptMatchesPostgres) {
  const Permutation& permutation = GetParam();
  EXPECT_EQ(joined(run_on_model(permutation)), joined(permutation.expected))
      << "covers: " << permutation.covers;
}

TEST_P(PostgresConformance, TranscriptMatchesExpectation) {
  const Permutation& permutation = GetParam();
  EXPECT_EQ(joined(run_on_postgres(permutation)), joined(permutation.expected))
      << "covers: " << permutation.covers;
}

INSTANTIATE_TEST_SUITE_P(Conformance, ModelConformance, ::testing::ValuesIn(all_permutations()),
                         permutation_name);
INSTANTIATE_TEST_SUITE_P(Conformance, PostgresConformance, ::testing::ValuesIn(all_permutations()),
                         permutation_name);

// --- The runners themselves: a run that cannot go on ends with a failure line.

// s2 waits for s1's uncommitted key, and s1 is never told to end.
Permutation waits_forever() {
  return {
      .name = "waits_forever",
      .tables = {&kAccounts},
      .sessions = {{"s1", {insert("s1_insert", "accounts", {{"handle", "acme"}})}},
                   {"s2", {insert("s2_insert", "accounts", {{"handle", "acme"}})}}},
      .order = {"s1_insert", "s2_insert"},
  };
}

TEST(ConformanceRunners, ModelEndsWithTheHarnessDeadlockWhenAStepCanNeverComplete) {
  const std::vector<std::string> transcript = run_on_model(waits_forever());
  ASSERT_EQ(transcript.size(), 3u) << joined(transcript);
  EXPECT_EQ(transcript[0], "s1_insert: id 1");
  EXPECT_EQ(transcript[1], "s2_insert: <waiting ...>");
  EXPECT_TRUE(transcript[2].starts_with("failure: harness verdict deadlock: ")) << transcript[2];
}

TEST(ConformanceRunners, PostgresEndsWithAFailureWhenAStepWaitsPastTheLimit) {
  const std::vector<std::string> transcript =
      run_on_postgres(waits_forever(), {.wait_limit = std::chrono::milliseconds(300)});
  EXPECT_EQ(joined(transcript),
            "s1_insert: id 1\ns2_insert: <waiting ...>\nfailure: still waiting after 300 ms: s2_insert\n");
}

TEST(ConformanceRunners, UnknownStepEndsTheTranscript) {
  Permutation permutation = waits_forever();
  permutation.order = {"s1_insert", "s3_insert"};
  EXPECT_EQ(joined(run_on_model(permutation)),
            "s1_insert: id 1\nfailure: permutation names unknown step s3_insert\n");
}

TEST(ConformanceRunners, FailedSetupEndsTheTranscript) {
  Permutation permutation = waits_forever();
  permutation.setup = {select("setup_select", "nope")};
  EXPECT_EQ(joined(run_on_model(permutation)),
            "failure: setup step setup_select: error 42P01: relation \"nope\" does not exist\n");
  EXPECT_EQ(joined(run_on_postgres(permutation)),
            "failure: setup step setup_select: error 42P01: relation \"nope\" does not exist\n");
}

}  // namespace
}  // namespace interleave::conformance
