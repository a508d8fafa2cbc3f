#pragma once
// What the end-to-end tests of the `interleave` command share: a fresh
// temporary folder per test, the built binary run in it as its own process
// with stdout and stderr captured apart, and the exit codes CI relies on
// (written out here, not taken from the code under test).

#include <stdlib.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace interleave {

namespace fs = std::filesystem;

inline constexpr int kHolds = 0;
inline constexpr int kViolation = 1;
inline constexpr int kBadInput = 2;
inline constexpr int kDivergence = 4;

// Finds report 000's race and writes its trace and report into work()/D.
inline constexpr const char* kExploreSeed =
    "explore tenant-slug-race --variant seed --strategy random --seed 1 --schedules 10000 --out D --json";

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Under AddressSanitizer the binary's first exception unwinding on a fiber
// stack makes the sanitizer runtime print a three-line warning of its own
// (Boost.Context switches stacks without telling it; DESIGN.md §10). It is
// not the command's output, so exact stderr comparisons leave it out.
inline std::string without_sanitizer_banner(std::string err) {
  const std::string first = "WARNING: ASan is ignoring requested __asan_handle_no_return";
  const std::string last = "For details see https://github.com/google/sanitizers/issues/189\n";
  const std::size_t at = err.find(first);
  if (at == std::string::npos) return err;
  const std::size_t line_start = err.rfind('\n', at) == std::string::npos ? 0 : err.rfind('\n', at) + 1;
  const std::size_t end = err.find(last, at);
  if (end == std::string::npos) return err;
  err.erase(line_start, end + last.size() - line_start);
  return err;
}

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "interleave-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    fs::create_directories(work());
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  // The folder each command runs in; relative paths in the tests are in it.
  fs::path work() const { return root_ / "work"; }

  // Runs `interleave ARGS` in work(); stdout and stderr are captured apart
  // (outside work(), so they never show up among a run's files).
  CommandResult run(const std::string& args) const {
    return run_in_shell("'" INTERLEAVE_BINARY "' " + args);
  }

  // Runs a shell command line in work(), captured as run() captures.
  CommandResult run_in_shell(const std::string& line) const {
    std::string command = "cd '" + work().string() + "' && unset INTERLEAVE_SCENARIOS && " + line + " >'" +
                          (root_ / "stdout").string() + "' 2>'" + (root_ / "stderr").string() + "'";
    int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(root_ / "stdout");
    result.err = without_sanitizer_banner(read_file(root_ / "stderr"));
    return result;
  }

 private:
  fs::path root_;
};

}  // namespace interleave
