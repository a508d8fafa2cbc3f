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
  EXPECT_TRUE(fs::exists(work() / "race.out"));
}

class ExportedSpecOfARace : public ExportIsolationSpecCli, public ::testing::WithParamInterface<const char*> {};

// The expected output beside the spec is what `interleave isolation` prints
// for it (one printer of isolationtester's format), so the pair is a
// regression test the model passes; tests/pg/isolation_spec_pg_test.cc
// checks that PostgreSQL's isolationtester prints the same.
TEST_P(ExportedSpecOfARace, ComesWithItsExpectedOutputWhichTheModelMatches) {
  ASSERT_EQ(run(std::string("explore ") + GetParam() + " --variant seed --out D --quiet").exit_code, kViolation);
  ASSERT_EQ(run("export D/trace.json --isolation-spec -o race.spec").exit_code, kHolds);
  const std::string expected = read_file(work() / "race.out");
  EXPECT_THAT(expected, StartsWith("Parsed test spec with "));
  EXPECT_THAT(expected, HasSubstr("\nstarting permutation: "));
  const CommandResult same = run("isolation race.spec --expected race.out");
  EXPECT_EQ(same.exit_code, kHolds) << same.out << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_EQ(run("isolation race.spec").out, expected);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ExportedSpecOfARace,
                         ::testing::Values("tenant-slug-race", "ghost-workflow", "deletion-window", "membership-retry",
                                           "section-id-race"));

TEST_F(ExportIsolationSpecCli, AnOutputNamedLikeTheExpectedFileIsBadInput) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  const CommandResult result = run("export D/trace.json --isolation-spec -o race.out");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_EQ(result.err, "interleave: -o race.out: the expected output would overwrite the spec; name the spec "
                        "FILE.spec (its expected output is then FILE.out)\n");
}

// isolationtester's scanner ends a { } block at its first "}", even inside a
// string literal, so a "}" in the SQL must be escaped (and only then).
TEST_F(ExportIsolationSpecCli, OnlyABraceIsEscaped) {
  ASSERT_EQ(run("explore section-id-race --variant seed --out D --quiet").exit_code, kViolation);
  ASSERT_EQ(run("export D/trace.json --isolation-spec -o race.spec").exit_code, kHolds);
  const std::string spec = read_file(work() / "race.spec");
  EXPECT_THAT(spec, HasSubstr(R"(E'{"pages":{"about":{"sections":[]\x7d)"));
  EXPECT_THAT(spec, ::testing::Not(HasSubstr("\\\\")));
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
