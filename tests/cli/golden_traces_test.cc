// The traces of tests/golden/ (tests/golden/traces.txt: each file and the
// explore arguments that wrote it) written again, byte for byte: random, pct
// and dfs searches, shrunk and not. A refactor must not change what a seed
// finds or how its trace reads; a change meant to alter traces rewrites the
// files with scripts/update-golden-traces.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

const fs::path kGolden = fs::path(INTERLEAVE_TESTS_SOURCE_DIR) / "golden";

// (file, arguments) of traces.txt, in its order.
std::vector<std::pair<std::string, std::string>> golden_traces() {
  std::vector<std::pair<std::string, std::string>> traces;
  std::istringstream lines(read_file(kGolden / "traces.txt"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream words(line);
    std::string file, arguments;
    words >> file;
    std::getline(words >> std::ws, arguments);
    traces.emplace_back(file, arguments);
  }
  return traces;
}

using GoldenTraces = CliFixture;

TEST_F(GoldenTraces, EachSeedWritesItsTraceAgainByteForByte) {
  const auto traces = golden_traces();
  ASSERT_EQ(traces.size(), 5u);
  for (const auto& [file, arguments] : traces) {
    const CommandResult result = run("explore " + arguments + " --quiet --out " + file);
    EXPECT_EQ(result.exit_code, kViolation) << file << result.err;
    const std::string golden = read_file(kGolden / file);
    ASSERT_FALSE(golden.empty()) << file;
    EXPECT_EQ(read_file(work() / file / "trace.json"), golden)
        << file << ": the trace changed; if that is meant, run scripts/update-golden-traces and say why";
  }
}

}  // namespace
}  // namespace interleave
