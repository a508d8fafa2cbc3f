// interleave isolation: isolationtester's output on stdout; with expected
// output a diff and exit 1 on a difference; a malformed spec is exit 2 with
// file:line:column; statements the model cannot run are printed as its
// ERROR and counted on stderr.

#include <gtest/gtest.h>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

class IsolationCli : public CliFixture {};

// A spec and what PostgreSQL 15's isolationtester printed for it.
constexpr const char* kSpec =
    "setup { CREATE TABLE t (id int PRIMARY KEY, name text); }\n"
    "teardown { DROP TABLE t; }\n"
    "session s1\n"
    "step s1b { BEGIN; }\n"
    "step s1i { INSERT INTO t VALUES (1, 'one'); }\n"
    "step s1c { COMMIT; }\n"
    "session s2\n"
    "step s2i { INSERT INTO t VALUES (1, 'uno'); }\n"
    "step s2s { SELECT id, name FROM t; }\n"
    "permutation s1b s1i s2i s1c s2s\n";
constexpr const char* kExpected =
    "Parsed test spec with 2 sessions\n"
    "\n"
    "starting permutation: s1b s1i s2i s1c s2s\n"
    "step s1b: BEGIN;\n"
    "step s1i: INSERT INTO t VALUES (1, 'one');\n"
    "step s2i: INSERT INTO t VALUES (1, 'uno'); <waiting ...>\n"
    "step s1c: COMMIT;\n"
    "step s2i: <... completed>\n"
    "ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n"
    "step s2s: SELECT id, name FROM t;\n"
    "id|name\n"
    "--+----\n"
    " 1|one \n"
    "(1 row)\n"
    "\n";

TEST_F(IsolationCli, PrintsIsolationtestersOutput) {
  write_file(work() / "unique.spec", kSpec);
  const CommandResult result = run("isolation unique.spec");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_EQ(result.out, kExpected);
}

TEST_F(IsolationCli, MatchingTheExpectedOutputPrintsNothingAndExitsZero) {
  write_file(work() / "unique.spec", kSpec);
  write_file(work() / "out" / "unique.out", kExpected);
  const CommandResult result = run("isolation unique.spec --expected out/unique.out");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "unique.spec: matches out/unique.out (1 permutations)\n");
  EXPECT_EQ(run("isolation unique.spec --expected-dir out").exit_code, kHolds);
}

TEST_F(IsolationCli, ADifferenceIsAUnifiedDiffAndExitOne) {
  write_file(work() / "unique.spec", kSpec);
  std::string wrong = kExpected;
  wrong.replace(wrong.find(" <waiting ...>"), 14, "");
  write_file(work() / "unique.out", wrong);
  const CommandResult result = run("isolation unique.spec --expected unique.out");
  EXPECT_EQ(result.exit_code, kViolation);
  EXPECT_EQ(result.out,
            "--- unique.out\n"
            "+++ unique.spec on the model\n"
            "@@ -3,7 +3,7 @@\n"
            " starting permutation: s1b s1i s2i s1c s2s\n"
            " step s1b: BEGIN;\n"
            " step s1i: INSERT INTO t VALUES (1, 'one');\n"
            "-step s2i: INSERT INTO t VALUES (1, 'uno');\n"
            "+step s2i: INSERT INTO t VALUES (1, 'uno'); <waiting ...>\n"
            " step s1c: COMMIT;\n"
            " step s2i: <... completed>\n"
            " ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n");
  EXPECT_EQ(result.err, "unique.spec: differs from unique.out (1 permutations)\n");
}

TEST_F(IsolationCli, AMalformedSpecIsBadInputWithItsPosition) {
  write_file(work() / "bad.spec", "session s1\nstep a { SELECT 1; }\npermutation a b\n");
  const CommandResult result = run("isolation bad.spec");
  EXPECT_EQ(result.exit_code, kBadInput);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "interleave: bad.spec:3:15: undefined step b in permutation (a permutation names steps defined by "
            "the sessions)\n");
  write_file(work() / "good.spec", kSpec);
  EXPECT_EQ(run("isolation good.spec good.spec --expected x.out").exit_code, kBadInput);
}

// As isolationtester: PGISOLATIONTIMEOUT (or --step-timeout) seconds of
// waiting on a step cancel it; a value that is no number of seconds is bad
// input.
TEST_F(IsolationCli, PgIsolationTimeoutSetsWhenAStepIsCancelled) {
  write_file(work() / "held.spec",
             "setup { CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); }\n"
             "teardown { DROP TABLE t; }\n"
             "session s1\nstep s1u { BEGIN; UPDATE t SET id = 1; }\nstep s1c { COMMIT; }\n"
             "session s2\nstep s2u { UPDATE t SET id = 1; }\nstep s2s { SELECT 1 AS x; }\n"
             "permutation s1u s2u s2s s1c\n");
  const CommandResult result = run_in_shell("PGISOLATIONTIMEOUT=7 '" INTERLEAVE_BINARY "' isolation held.spec");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_NE(result.out.find("step s2u: UPDATE t SET id = 1; <waiting ...>\n"
                            "isolationtester: canceling step s2u after 7 seconds\n"
                            "step s2u: <... completed>\n"
                            "ERROR:  canceling statement due to user request\n"),
            std::string::npos)
      << result.out;
  const CommandResult bad = run_in_shell("PGISOLATIONTIMEOUT=soon '" INTERLEAVE_BINARY "' isolation held.spec");
  EXPECT_EQ(bad.exit_code, kBadInput);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err,
            "--step-timeout: 'soon' is not a whole number from 0 to 1000000000 (--step-timeout or "
            "PGISOLATIONTIMEOUT, in seconds)\nRun with --help for more information.\n");
  // The option says the same as the variable.
  const CommandResult flag = run("isolation held.spec --step-timeout 7");
  EXPECT_EQ(flag.exit_code, kHolds) << flag.err;
  EXPECT_EQ(flag.out, result.out);
}

TEST_F(IsolationCli, StatementsTheModelCannotRunAreItsErrorsAndCounted) {
  write_file(work() / "cte.spec", "session s1\nstep a { WITH x AS (SELECT 1) SELECT * FROM x; }\n");
  const CommandResult result = run("isolation cte.spec");
  EXPECT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_NE(result.out.find("step a: WITH x AS (SELECT 1) SELECT * FROM x;\nERROR:  SQL feature not supported by "
                            "the model: "),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.err, "1 steps not supported by the model\n");
}

}  // namespace
}  // namespace interleave
