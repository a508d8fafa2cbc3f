// What a person watching a long run sees: on a terminal one progress line
// rewritten in place per phase (explore, shrink, pct, dfs) naming the
// variant k of N; in a log a plain line per phase; nothing with --quiet.
// And Ctrl-C of a model hunt: summary.json, index.html and junit.xml still
// written for the variants that finished, marked interrupted, exit 130.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

extern char** environ;

namespace interleave {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ProgressCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    // One scenario: 4 variants, the first a race found in a few schedules.
    write_file(work() / "S/tenant-slug-race.scn", read_file(INTERLEAVE_SCENARIO_DIR "/tenant-slug-race.scn"));
  }

  // `command` run by /bin/sh in work(), started and left running.
  pid_t start(const std::string& command) const {
    const std::string line = "cd '" + work().string() + "' && exec " + command;
    const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ), 0);
    return pid;
  }
};

TEST_F(ProgressCli, OnATerminalEachPhaseRewritesOneLine) {
  // script(1) gives the command a terminal and copies what it shows.
  const CommandResult result = run_in_shell("script -qec \"'" INTERLEAVE_BINARY
                                            "' hunt --schedules 2000 --out H --scenarios S -j 1\" /dev/null");
  ASSERT_EQ(result.exit_code, kHolds) << result.out << result.err;
  // The portfolio's random search has 3/8 of the budget; the found race is
  // then searched again by pct and dfs with all of it.
  for (const char* phase : {"explore 0/750 schedules", "shrink, ", "pct 0/2000 schedules", "dfs 0/2000 schedules"}) {
    EXPECT_THAT(result.out, HasSubstr(std::string("\r\033[Kvariant 1/4 tenant-slug-race seed: ") + phase)) << phase;
  }
  EXPECT_THAT(result.out, HasSubstr("\r\033[Kvariant 4/4 tenant-slug-race hardened: explore 0/750 schedules"));
  // A result row is never printed onto the progress line.
  EXPECT_THAT(result.out, HasSubstr("\r\033[Ktenant-slug-race  seed "));
}

TEST_F(ProgressCli, InALogEachPhaseIsAPlainLine) {
  const CommandResult result = run("hunt --schedules 2000 --out H --scenarios S -j 1");
  ASSERT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.err, HasSubstr("variant 1/4 tenant-slug-race seed: explore 0/750 schedules\n"
                                    "variant 1/4 tenant-slug-race seed: shrink, "));
  EXPECT_THAT(result.err, HasSubstr("variant 1/4 tenant-slug-race seed: pct 0/2000 schedules\n"
                                    "variant 1/4 tenant-slug-race seed: dfs 0/2000 schedules\n"));
  EXPECT_THAT(result.err, HasSubstr("variant 2/4 tenant-slug-race fixed: explore 0/750 schedules\n"));
  EXPECT_THAT(result.err, Not(HasSubstr("\r")));
  EXPECT_THAT(result.out, Not(HasSubstr("variant 1/4")));  // progress is not a result
}

// With variants side by side, one line cannot show each one's phases: it
// names the variant whose result is printed next.
TEST_F(ProgressCli, VariantsSideBySideShowTheNextToBePrinted) {
  const CommandResult result = run("hunt --schedules 2000 --out H --scenarios S -j 2");
  ASSERT_EQ(result.exit_code, kHolds) << result.err;
  EXPECT_THAT(result.err, HasSubstr("variant 1/4 tenant-slug-race seed: hunting, 2 variants at a time, "));
  EXPECT_THAT(result.err, HasSubstr("variant 4/4 tenant-slug-race hardened: hunting, 2 variants at a time, "));
}

TEST_F(ProgressCli, QuietSaysNothingButTheResults) {
  const CommandResult hunt = run("hunt --schedules 2000 --out H --scenarios S --quiet");
  ASSERT_EQ(hunt.exit_code, kHolds);
  EXPECT_EQ(hunt.err, "");
  const CommandResult explore = run("explore tenant-slug-race --quiet");
  ASSERT_EQ(explore.exit_code, kViolation);
  EXPECT_EQ(explore.err, "");
}

TEST_F(ProgressCli, ExploreNamesItsScenarioAndPhase) {
  const CommandResult result = run("explore tenant-slug-race --schedules 5000");
  ASSERT_EQ(result.exit_code, kViolation);
  EXPECT_THAT(result.err, HasSubstr("tenant-slug-race seed: explore 0/5000 schedules\n"
                                    "tenant-slug-race seed: shrink, "));
}

TEST_F(ProgressCli, CtrlCOfAHuntWritesTheVariantsThatFinishedMarkedInterrupted) {
  // Variant 2 (fixed) holds and would search 100 million schedules: it is
  // certainly running when its progress line appears, and variant 1 done.
  const pid_t pid = start("'" INTERLEAVE_BINARY "' hunt --schedules 100000000 --out H --scenarios S >out 2>err");
  ASSERT_GT(pid, 0);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(10);  // a hung run fails, not hangs
  while (read_file(work() / "err").find("variant 2/4") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string err = read_file(work() / "err");
  EXPECT_THAT(err, HasSubstr("interleave: interrupted after 1 of 4 variants; summary.json, index.html and junit.xml "
                             "in H cover those 1\n"));

  const nlohmann::json summary = nlohmann::json::parse(read_file(work() / "H/summary.json"));
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0]["variant"], "seed");
  EXPECT_EQ(summary[0]["as_expected"], true);
  EXPECT_EQ(summary[0]["run_interrupted"], true);
  const std::string junit = read_file(work() / "H/junit.xml");
  EXPECT_THAT(junit, HasSubstr("<property name=\"interrupted\" value=\"true\"/>"));
  EXPECT_THAT(junit, HasSubstr("tests=\"1\" failures=\"0\" errors=\"0\""));
  EXPECT_THAT(read_file(work() / "H/index.html"),
              HasSubstr("Interrupted: only the variants that finished before Ctrl-C are shown."));
  EXPECT_TRUE(fs::exists(work() / "H/tenant-slug-race/seed/report.md"));
}

}  // namespace
}  // namespace interleave
