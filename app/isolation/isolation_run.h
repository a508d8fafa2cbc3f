#pragma once
// The use case behind `interleave isolation`: read a spec file, run it on
// the model with isolationtester's output, and compare that output with an
// expected file (isolationtester's own, from a real server).
//
// Example:
//   SpecRun run = run_isolation_spec("unique.spec", "expected/unique.out");
//   fmt::print("{}", run.output);            // what isolationtester prints
//   if (!run.diff.empty()) ...              // unified diff, expected → model

#include <cstddef>
#include <optional>
#include <string>

#include "app/isolation/model_connections.h"

namespace interleave::app::isolation {

struct SpecRun {
  std::string spec_file;
  std::string output;       // stdout of isolationtester, as the model gives it
  std::string diagnostics;  // its stderr: unused steps, a failed setup, a step that never finishes
  bool completed = false;   // every permutation ran to its end (isolationtester would exit 0)
  std::size_t permutations = 0;
  std::size_t unsupported_steps = 0;  // sql blocks the model answered with 0A000
  std::optional<std::string> expected_file;
  std::string diff;  // empty: equal to the expected file, or none given
};

// Throws CommandError: exit 2 for a spec isolationtester would refuse
// ("file:line:column: what is wrong (what would be valid)"), exit 3 for a
// file that cannot be read. A step the tester has waited on for longer
// than `max_step_wait_ms` is cancelled (isolationtester's PGISOLATIONTIMEOUT).
SpecRun run_isolation_spec(const std::string& spec_file, const std::optional<std::string>& expected_file,
                           const ExecuteSql& execute, std::int64_t max_step_wait_ms = kDefaultMaxStepWaitMs);

// The same for a spec's text; `spec_name` names it in errors. Throws
// CommandError(kExitBadInput) for a spec isolationtester would refuse.
SpecRun run_isolation_spec_text(const std::string& text, const std::string& spec_name, const ExecuteSql& execute,
                                std::int64_t max_step_wait_ms = kDefaultMaxStepWaitMs);

}  // namespace interleave::app::isolation
