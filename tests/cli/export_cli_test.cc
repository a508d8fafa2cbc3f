// `interleave export TRACE --isolation-spec`: the spec on stdout or in -o's
// file, and the exit codes of the other commands for input it cannot use.
// What the spec holds is tests/reports/isolation_spec_test.cc's; that it
// runs on PostgreSQL is tests/pg/isolation_spec_pg_test.cc's.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class ExportIsolationSpecCli : public CliFixture {};

TEST_F(ExportIsolationSpecCli, WritesTheSpecToStdoutOrToTheOutputFile) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  const CommandResult printed = run("export D/trace.json --isolation-spec");
  ASSERT_EQ(printed.exit_code, kHolds) << printed.err;
  EXPECT_THAT(printed.out, StartsWith("# PostgreSQL isolation spec of an interleave trace: D/trace.json\n"));
  EXPECT_THAT(printed.out, HasSubstr("\npermutation\n"));
  ASSERT_EQ(run("export D/trace.json --isolation-spec -o race.spec").exit_code, kHolds);
  EXPECT_EQ(read_file(work() / "race.spec"), printed.out);
}

TEST_F(ExportIsolationSpecCli, HelpDescribesTheCommand) {
  const CommandResult help = run("export --help");
  EXPECT_EQ(help.exit_code, kHolds);
  EXPECT_THAT(help.out, HasSubstr("--isolation-spec"));
}

TEST_F(ExportIsolationSpecCli, ATraceItCannotLoadOrWriteIsBadInput) {
  write_file(work() / "broken.json", "{\"format\": \"interleave-trace\",\n");
  const CommandResult broken = run("export broken.json --isolation-spec");
  EXPECT_EQ(broken.exit_code, kBadInput);
  EXPECT_THAT(broken.err, HasSubstr("broken.json: not valid JSON"));
  EXPECT_THAT(broken.err, HasSubstr("line 2"));
  EXPECT_EQ(run("export missing.json --isolation-spec").exit_code, kBadInput);

  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  std::string trace = read_file(work() / "D/trace.json");
  const std::string select = "SELECT * FROM tenants WHERE slug = 'acme'";
  ASSERT_NE(trace.find(select), std::string::npos);
  trace.replace(trace.find(select), select.size(), "SELECT * FROM tenants WHERE slug LIKE 'a%'");
  write_file(work() / "odd.json", trace);
  const CommandResult odd = run("export odd.json --isolation-spec");
  EXPECT_EQ(odd.exit_code, kBadInput);
  EXPECT_THAT(odd.err, HasSubstr("odd.json: cannot be written as an isolation spec: event 0 (T0, "));
}

}  // namespace
}  // namespace interleave
