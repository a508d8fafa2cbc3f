// The isolation suite (tests/isolation/*.spec): each spec's expected output
// was printed by PostgreSQL 15's own isolationtester
// (scripts/isolation-expected). On the model, `interleave isolation` must
// print exactly those bytes, every time; on the suite's server (the PG*
// variables of pg_virtualenv) the real isolationtester must still print
// them, so the files can never drift from PostgreSQL. Never skipped:
// without isolationtester or a server the PostgreSQL half fails.

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/isolation/isolation_run.h"
#include "app/isolation/model_sql.h"
#include "app/isolation/permutations.h"
#include "app/isolation/spec_reader.h"
#include "backends/pg/pg_database.h"
#include "harness/text_file.h"
#include "tests/pg/isolationtester.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = fs::path(INTERLEAVE_TESTS_SOURCE_DIR) / "isolation";

std::vector<std::string> suite_specs() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kSuite)) {
    if (entry.path().extension() == ".spec") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The step timeout the suite's expected files were printed with
// (scripts/isolation-expected sets PGISOLATIONTIMEOUT to it).
constexpr int kSuiteStepTimeoutSeconds = 2;

std::string spec_file(const std::string& name) { return (kSuite / (name + ".spec")).string(); }
std::string expected_file(const std::string& name) { return (kSuite / "expected" / (name + ".out")).string(); }

class IsolationSuiteOnModel : public ::testing::TestWithParam<std::string> {};

TEST_P(IsolationSuiteOnModel, PrintsWhatIsolationtesterPrintedOnPostgres) {
  const auto first = app::isolation::run_isolation_spec(spec_file(GetParam()), expected_file(GetParam()),
                                                        app::isolation::model_sql(), kSuiteStepTimeoutSeconds * 1000);
  EXPECT_EQ(first.diff, "") << first.diagnostics;
  EXPECT_TRUE(first.completed) << first.diagnostics;
  EXPECT_EQ(first.unsupported_steps, 0u);
  // Deterministic: the same spec prints the same bytes again.
  const auto second = app::isolation::run_isolation_spec(spec_file(GetParam()), std::nullopt,
                                                         app::isolation::model_sql(), kSuiteStepTimeoutSeconds * 1000);
  EXPECT_EQ(second.output, first.output);
}

class IsolationSuiteOnPostgres : public ::testing::TestWithParam<std::string> {};

TEST_P(IsolationSuiteOnPostgres, IsolationtesterStillPrintsTheExpectedFile) {
  const std::optional<std::string> tester = isolationtester();
  ASSERT_TRUE(tester) << "isolationtester not found (postgresql-client-15 installs it)";
  impl::pg::PgDatabase database("", {});  // empty; dropped even when a check fails
  const fs::path out = fs::temp_directory_path() / ("interleave-isolation-" + GetParam() + ".out");
  // The files' step timeout; a step that never completes fails after 2 × 2 s.
  const std::string command = "PGISOLATIONTIMEOUT=" + std::to_string(kSuiteStepTimeoutSeconds) + " " +
                              shell_quoted(*tester) + " " +
                              shell_quoted(database.conninfo()) + " <" + shell_quoted(spec_file(GetParam())) +
                              " >" + shell_quoted(out.string());
  const int status = std::system(command.c_str());
  const std::string printed = read_text_file(out.string()).value_or("");
  fs::remove(out);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << printed;
  EXPECT_EQ(printed, read_text_file(expected_file(GetParam())).value_or("(missing)"))
      << "regenerate with scripts/isolation-expected, then check the model against it";
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Suite, IsolationSuiteOnModel, ::testing::ValuesIn(suite_specs()), test_name);
INSTANTIATE_TEST_SUITE_P(Suite, IsolationSuiteOnPostgres, ::testing::ValuesIn(suite_specs()), test_name);

TEST(IsolationSuite, HoldsAtLeast120Permutations) {
  std::size_t permutations = 0;
  for (const std::string& name : suite_specs()) {
    const std::string text = read_text_file(spec_file(name)).value_or("");
    permutations += app::isolation::count_permutations(app::isolation::read_spec(text).spec);
  }
  EXPECT_GE(permutations, 120u);
}

}  // namespace
}  // namespace interleave
