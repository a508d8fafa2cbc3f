#pragma once
// What a failing mixed-workload property prints: the failing run's trace,
// with the generated scenario embedded, written to a file, and the exact
// `interleave replay` command that reproduces it. RapidCheck adds its own
// RC_PARAMS="reproduce=..." line when the test binary exits.
//
// Example:
//   if (verdict.status != VerdictStatus::kHolds) {
//     RC_FAIL(report_mixed_failure(workload, failure_directory()).message);
//   }

#include <filesystem>
#include <string>

#include "tests/properties/mixed_workload.h"

namespace interleave::test_support {

struct MixedFailureReport {
  std::filesystem::path trace_path;
  std::string replay_command;  // "<path of the interleave binary> replay <trace_path>"
  std::string message;         // the verdict, the command, and where RapidCheck's reproduce string is
};

// Re-runs `workload` recording its events, writes the trace to
// `directory`/trace.json (replacing an earlier one: RapidCheck's last
// failing case is the one it reports) and says how to replay it.
// Requires: the workload's run does not hold.
MixedFailureReport report_mixed_failure(const MixedWorkload& workload, const std::filesystem::path& directory);

// A folder of the running test's own under ::testing::TempDir(), so tests
// (and builds) running at once do not overwrite each other's traces.
std::filesystem::path failure_directory();

}  // namespace interleave::test_support
