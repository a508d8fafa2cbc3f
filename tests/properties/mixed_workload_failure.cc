#include "tests/properties/mixed_workload_failure.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/execution.h"
#include "harness/explorer.h"
#include "harness/trace.h"
#include "harness/vector_strategy.h"
#include "scenarios/scenario_program.h"
#include "scenarios/scenario_writer.h"

namespace interleave::test_support {

namespace {

// The choices the generated schedule made: what a trace replays.
ChoiceVector choices_of(const ProgramFactory& factory, const std::vector<std::uint32_t>& schedule,
                        const ExecutionLimits& limits) {
  VectorStrategy strategy(schedule);
  strategy.begin_schedule(0);
  auto program = factory();
  Execution exec(strategy, limits, /*record_events=*/false);
  exec.run(*program);
  return exec.choices();
}

// Single-quoted for a POSIX shell when it holds anything but the usual path
// characters, so the printed command can be pasted as it is.
std::string shell_word(const std::string& word) {
  const bool plain = word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@") ==
                     std::string::npos;
  if (plain && !word.empty()) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

MixedFailureReport report_mixed_failure(const MixedWorkload& workload, const std::filesystem::path& directory) {
  const scenarios::Scenario& scenario = workload.scenario;
  const ExecutionLimits limits;
  const ProgramFactory factory = scenarios::program_factory(scenario, workload.variant);
  // Recorded exactly as `interleave replay` will run it: the choices under
  // the replay strategy, so the trace's events are the ones replay compares.
  Trace trace = run_recorded(factory, choices_of(factory, workload.schedule, limits), limits);
  if (trace.verdict.status == VerdictStatus::kHolds) {
    // Nothing to report, or a run that is not a function of its choices.
    throw std::invalid_argument("report_mixed_failure: the workload's run holds when re-run with its own choices");
  }
  scenarios::trace_header(scenario, workload.variant).apply_to(trace);
  trace.strategy = "vector";
  trace.scenario_source = scenarios::write_scenario(scenario);

  std::filesystem::create_directories(directory);
  MixedFailureReport report;
  report.trace_path = directory / "trace.json";
  save_trace_file(trace, report.trace_path.string());
  report.replay_command = fmt::format("{} replay {}", shell_word(INTERLEAVE_BINARY), shell_word(report.trace_path));
  report.message = fmt::format(
      "generated mixed workload, variant {}: {} {}\n  {}\n"
      "replay this run:\n  {}\n"
      "re-run this RapidCheck case: the RC_PARAMS=\"reproduce=...\" line RapidCheck prints when the test binary exits",
      workload.variant, to_string(trace.verdict.status), trace.verdict.property, trace.verdict.message,
      report.replay_command);
  return report;
}

std::filesystem::path failure_directory() {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = test ? fmt::format("{}.{}", test->test_suite_name(), test->name()) : "outside-a-test";
  std::replace(name.begin(), name.end(), '/', '-');  // parameterised tests: one folder, not a tree
  // The process id keeps two builds' runs of one test apart; a name, not a decision.
  return std::filesystem::path(::testing::TempDir()) / fmt::format("interleave-mixed-workload-{}", ::getpid()) /
         name;
}

}  // namespace interleave::test_support
