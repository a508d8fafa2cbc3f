#include "app/isolation/isolation_run.h"

#include "app/exit_codes.h"
#include "app/isolation/spec_reader.h"
#include "app/isolation/unified_diff.h"
#include "harness/text_file.h"

namespace interleave::app::isolation {

namespace {

std::string read_or_fail(const std::string& path, const char* what) {
  std::optional<std::string> text = read_text_file(path);
  if (!text) throw CommandError{kExitInfrastructure, std::string("cannot read ") + what + " " + path};
  return std::move(*text);
}

}  // namespace

SpecRun run_isolation_spec_text(const std::string& text, const std::string& spec_name, const ExecuteSql& execute,
                                std::int64_t max_step_wait_ms) {
  ReadSpec read;
  try {
    read = read_spec(text);
  } catch (const SpecError& error) {
    throw CommandError{kExitBadInput, error.located(spec_name)};
  }
  SpecRun run;
  run.spec_file = spec_name;
  for (const std::string& warning : read.warnings) run.diagnostics += warning + "\n";
  ModelRun model = run_spec_on_model(read.spec, execute, max_step_wait_ms);
  run.output = std::move(model.out);
  run.diagnostics += model.err;
  run.completed = model.completed;
  run.permutations = model.permutations;
  run.unsupported_steps = model.unsupported_steps;
  return run;
}

SpecRun run_isolation_spec(const std::string& spec_file, const std::optional<std::string>& expected_file,
                           const ExecuteSql& execute, std::int64_t max_step_wait_ms) {
  SpecRun run = run_isolation_spec_text(read_or_fail(spec_file, "spec"), spec_file, execute, max_step_wait_ms);
  if (expected_file) {
    run.expected_file = expected_file;
    const std::string expected = read_or_fail(*expected_file, "expected output");
    run.diff = unified_diff(expected, run.output, *expected_file, spec_file + " on the model");
  }
  return run;
}

}  // namespace interleave::app::isolation
