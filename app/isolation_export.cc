#include "app/isolation_export.h"

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "app/isolation/isolation_run.h"
#include "app/isolation/model_sql.h"
#include "app/run_files.h"
#include "app/spec_schema.h"
#include "reports/isolation_spec.h"

namespace interleave::app {

IsolationExport export_isolation_spec(const Trace& trace, const std::string& trace_path) {
  IsolationExport exported;
  try {
    exported.spec = reports::render_isolation_spec(trace_document(trace), trace_path, app_spec_schema());
  } catch (const std::invalid_argument& error) {
    throw CommandError{kExitBadInput,
                       fmt::format("{}: cannot be written as an isolation spec: {}", trace_path, error.what())};
  }
  const isolation::SpecRun run =
      isolation::run_isolation_spec_text(exported.spec, trace_path + " (as an isolation spec)", isolation::model_sql());
  if (!run.completed) {
    throw CommandError{kExitViolation, fmt::format("{}: the model could not run the exported spec to its end, so it "
                                                   "has no expected output:\n{}",
                                                   trace_path, run.diagnostics)};
  }
  if (run.unsupported_steps > 0) {
    // The output would hold the model's "not supported" errors, which no
    // server prints: not an expectation.
    const std::size_t at = run.output.find("ERROR:  SQL feature not supported by the model");
    const std::string first = run.output.substr(at, run.output.find('\n', at) - at);
    throw CommandError{kExitViolation, fmt::format("{}: the model does not support {} of the exported spec's steps, "
                                                   "so it has no expected output; the first: {}",
                                                   trace_path, run.unsupported_steps, first)};
  }
  exported.expected = run.output;
  return exported;
}

std::string expected_output_path(const std::string& spec_path) {
  return std::filesystem::path(spec_path).replace_extension(".out").string();
}

}  // namespace interleave::app
