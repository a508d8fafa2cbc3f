// The same seed run in two processes at once writes the same trace bytes:
// nothing a schedule does depends on the process, the clock or a neighbour.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

class ParallelDeterminism : public CliFixture {};

TEST_F(ParallelDeterminism, TwoProcessesAtOnceWriteTheSameTrace) {
  // tenant-lifecycle: every service, faults and shrinking, the widest run.
  const std::string explore = "'" INTERLEAVE_BINARY
                              "' explore tenant-lifecycle --variant seed --strategy pct --seed 7 --schedules 20000 --out ";
  const std::string both = "cd '" + work().string() + "' && (" + explore + "A >/dev/null 2>&1 & " + explore +
                           "B >/dev/null 2>&1 & wait)";
  ASSERT_EQ(std::system(both.c_str()), 0);
  const std::string a = read_file(work() / "A/trace.json");
  const std::string b = read_file(work() / "B/trace.json");
  ASSERT_FALSE(a.empty()) << "the seed variant found no violation";
  EXPECT_EQ(a, b);
  EXPECT_EQ(read_file(work() / "A/report.md").size(), read_file(work() / "B/report.md").size());
}

}  // namespace
}  // namespace interleave
