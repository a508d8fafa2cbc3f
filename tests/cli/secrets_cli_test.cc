// No output of any command shows a password given in --dsn or PGPASSWORD
// (DESIGN.md §8): failing commands against an unreachable server, with the
// password in a URI, in keyword=value form, in a string libpq rejects, and in
// the environment; stdout, stderr and every file the run wrote are searched.
// And a --dsn no server would use is bad input, not silently ignored.

#include <stdlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using ::testing::HasSubstr;

constexpr const char* kPassword = "hunter2";

class SecretsCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    if (const char* old = getenv("PGPASSWORD")) old_password_ = old;
    setenv("PGPASSWORD", kPassword, 1);
  }
  void TearDown() override {
    if (old_password_) {
      setenv("PGPASSWORD", old_password_->c_str(), 1);
    } else {
      unsetenv("PGPASSWORD");
    }
    CliFixture::TearDown();
  }

  // Runs the command and fails the test when any output holds the password.
  CommandResult run_hiding(const std::string& args) {
    const CommandResult result = run(args);
    EXPECT_EQ(result.out.find(kPassword), std::string::npos) << args << "\n" << result.out;
    EXPECT_EQ(result.err.find(kPassword), std::string::npos) << args << "\n" << result.err;
    for (const auto& entry : fs::recursive_directory_iterator(work())) {
      if (!entry.is_regular_file()) continue;
      EXPECT_EQ(read_file(entry.path()).find(kPassword), std::string::npos) << args << ": " << entry.path();
    }
    return result;
  }

 private:
  std::optional<std::string> old_password_;
};

constexpr const char* kUri = "'postgresql://app:hunter2@127.0.0.1:1/db'";

TEST_F(SecretsCli, NoOutputOfAFailingRunHoldsThePassword) {
  ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
  const std::string dsns[] = {kUri, "'host=127.0.0.1 port=1 user=app password=hunter2 dbname=db'",
                              "'postgresql://app:hunter2@[::1/db'",
                              // PGPASSWORD alone (never the PG* environment: under pg_virtualenv it reaches a server).
                              "'postgresql://app@127.0.0.1:1/db'"};
  for (const std::string& dsn : dsns) {
    const CommandResult explore =
        run_hiding("explore tenant-slug-race --backend postgres --schedules 2 --out E --dsn " + dsn);
    EXPECT_EQ(explore.exit_code, 3) << explore.err;
    const CommandResult replay = run_hiding("replay D/trace.json --backend postgres --dsn " + dsn);
    EXPECT_EQ(replay.exit_code, 3) << replay.err;
    const CommandResult json = run_hiding("replay D/trace.json --backend postgres --json --dsn " + dsn);
    EXPECT_EQ(json.exit_code, 3) << json.out;
  }
  // Named by its settings, the password masked.
  const CommandResult replay = run_hiding(std::string("replay D/trace.json --backend postgres --dsn ") + kUri);
  EXPECT_THAT(replay.err, HasSubstr("(user=app password=******** dbname=db host=127.0.0.1 port=1)"));
}

TEST_F(SecretsCli, AHuntConfirmingOnAnUnreachableServerHidesThePassword) {
  const std::string scenario = read_file(INTERLEAVE_SCENARIO_DIR "/tenant-slug-race.scn");
  write_file(work() / "S/tenant-slug-race.scn", scenario);
  const CommandResult hunt =
      run_hiding(std::string("hunt --schedules 20 --out H --scenarios S --confirm-postgres --dsn ") + kUri);
  EXPECT_EQ(hunt.exit_code, 3) << hunt.err;
  EXPECT_THAT(hunt.err, HasSubstr("password=********"));
}

TEST_F(SecretsCli, ADsnWithoutAServerIsBadInput) {
  const CommandResult explore = run_hiding(std::string("explore tenant-slug-race --dsn ") + kUri);
  EXPECT_EQ(explore.exit_code, kBadInput);
  EXPECT_EQ(explore.err, "interleave: --dsn is for --backend postgres; without it no server is used\n");
  EXPECT_EQ(explore.out, "");
  const CommandResult replay = run_hiding(std::string("replay D/trace.json --dsn ") + kUri);
  EXPECT_EQ(replay.exit_code, kBadInput);
  EXPECT_EQ(replay.err, "interleave: --dsn is for --backend postgres; without it no server is used\n");
  const CommandResult hunt = run_hiding(std::string("hunt --dsn ") + kUri);
  EXPECT_EQ(hunt.exit_code, kBadInput);
  EXPECT_EQ(hunt.err, "interleave: --dsn is for --confirm-postgres; without it no server is used\n");
}

TEST_F(SecretsCli, AParserErrorQuotingTheLineHidesThePassword) {
  const CommandResult result = run_hiding(std::string("explore --backend postgres --dsn ") + kUri);
  EXPECT_EQ(result.exit_code, kBadInput);
}

}  // namespace
}  // namespace interleave
