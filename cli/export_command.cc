// interleave export TRACE --isolation-spec: the trace's interleaving as a
// PostgreSQL isolation-test spec, to run on a real server with PostgreSQL's
// own isolationtester (reports/isolation_spec.h says what it holds).

#include <stdexcept>

#include <fmt/format.h>

#include "cli/commands.h"
#include "app/exit_codes.h"
#include "app/run_files.h"
#include "app/spec_schema.h"
#include "reports/isolation_spec.h"

namespace interleave::cli {

void add_export_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string trace;
    bool isolation_spec = false;
    std::string output;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("export", "Write a trace's interleaving in another tool's format");
  command->add_option("trace", flags->trace, "Trace file (trace.json)")->required();
  // The one format today; a flag, so that others can join it.
  command->add_flag("--isolation-spec", flags->isolation_spec,
                    "As a PostgreSQL isolation-test spec, for isolationtester")
      ->required();
  command->add_option("-o,--output", flags->output, "Output file (default: stdout)");
  command->callback([&run, flags] {
    run = [flags] {
      Trace trace = load_trace_or_fail(flags->trace);
      std::string spec;
      try {
        spec = reports::render_isolation_spec(trace_document(trace), flags->trace, app_spec_schema());
      } catch (const std::invalid_argument& error) {
        throw CommandError{kExitBadInput, fmt::format("{}: cannot be written as an isolation spec: {}",
                                                      flags->trace, error.what())};
      }
      if (flags->output.empty()) {
        fmt::print("{}", spec);
      } else {
        write_file(flags->output, spec);
      }
      return kExitHolds;
    };
  });
}

}  // namespace interleave::cli
