// The test binary honours GoogleTest's sharding variables, so a CI matrix
// can split it: run the Shard suite (fast, and not this suite: the test must
// not run itself) as shard 0 and 1 of 2 and compare with its full list.

#include <sys/wait.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

namespace interleave {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFilter = "Shard.*";

struct ChildRun {
  int exit_code = -1;
  std::string out;
};

// Runs this test binary with `environment` and `arguments`; GTEST_OUTPUT is
// unset so the child never writes over the parent's XML report.
ChildRun run_this_binary(const std::string& environment, const std::string& arguments) {
  fs::path binary = fs::read_symlink("/proc/self/exe");
  std::string command = "unset GTEST_OUTPUT GTEST_TOTAL_SHARDS GTEST_SHARD_INDEX GTEST_SHARD_STATUS_FILE; " +
                        environment + " '" + binary.string() + "' --gtest_color=no " + arguments;
  ChildRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  for (std::size_t read; (read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, read);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// "Suite.\n  Test\n" as printed by --gtest_list_tests, as "Suite.Test".
std::set<std::string> listed_tests(const std::string& listing) {
  std::set<std::string> tests;
  std::istringstream in(listing);
  std::string suite;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line[0] != ' ') {
      suite = line.substr(0, line.find(' '));
    } else {
      std::string name = line.substr(line.find_first_not_of(' '));
      tests.insert(suite + name.substr(0, name.find(' ')));
    }
  }
  return tests;
}

// The tests a run started: its "[ RUN      ] Suite.Test" lines.
std::set<std::string> tests_run(const std::string& output) {
  const std::string marker = "[ RUN      ] ";
  std::set<std::string> tests;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(marker, 0) == 0) tests.insert(line.substr(marker.size()));
  }
  return tests;
}

TEST(GtestSharding, TwoShardsRunDisjointPartsThatMakeTheWholeSuite) {
  ChildRun listing = run_this_binary("", std::string("--gtest_list_tests --gtest_filter='") + kFilter + "'");
  ASSERT_EQ(listing.exit_code, 0) << listing.out;
  std::set<std::string> all = listed_tests(listing.out);
  ASSERT_GE(all.size(), 2u) << listing.out;
  for (const std::string& test : all) ASSERT_EQ(test.rfind("Shard.", 0), 0u) << test << " would run this test again";

  std::set<std::string> union_of_shards;
  std::size_t total = 0;
  for (int index = 0; index < 2; ++index) {
    ChildRun shard = run_this_binary("GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=" + std::to_string(index),
                                std::string("--gtest_filter='") + kFilter + "'");
    ASSERT_EQ(shard.exit_code, 0) << shard.out;
    std::set<std::string> ran = tests_run(shard.out);
    EXPECT_FALSE(ran.empty()) << "shard " << index << " ran nothing:\n" << shard.out;
    total += ran.size();
    union_of_shards.insert(ran.begin(), ran.end());
  }
  EXPECT_EQ(total, union_of_shards.size()) << "a test ran in both shards";
  EXPECT_EQ(union_of_shards, all);
}

}  // namespace
}  // namespace interleave
