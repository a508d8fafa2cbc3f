#pragma once
// The use case behind `interleave export --isolation-spec`: a trace's
// interleaving as a PostgreSQL isolation-test spec (reports/isolation_spec.h)
// and its expected output, what isolationtester prints for it, from the
// model's run of that spec (app/isolation/, the same printer as
// `interleave isolation`). With both, pg_isolation_regress runs the race as
// a regression test on a real server.
//
// Example:
//   IsolationExport exported = export_isolation_spec(trace, "runs/000/trace.json");
//   write_file("race.spec", exported.spec);
//   write_file("race.out", exported.expected);

#include <string>

#include "harness/trace.h"

namespace interleave::app {

struct IsolationExport {
  std::string spec;
  std::string expected;  // isolationtester's stdout for `spec`, on the model
};

// Throws CommandError: kExitBadInput for a trace the spec format cannot
// express; kExitViolation when the model cannot run the spec to its end
// or answers one of its steps "not supported" (then no expected output
// exists; the message says why).
IsolationExport export_isolation_spec(const Trace& trace, const std::string& trace_path);

// "race.spec" -> "race.out": where the expected output goes, beside the spec
// (pg_isolation_regress reads specs/NAME.spec and expected/NAME.out).
std::string expected_output_path(const std::string& spec_path);

}  // namespace interleave::app
