// interleave export TRACE --isolation-spec: the trace's interleaving as a
// PostgreSQL isolation-test spec, to run on a real server with PostgreSQL's
// own isolationtester (reports/isolation_spec.h says what it holds); with
// -o FILE.spec also FILE.out, the output isolationtester should print
// (app/isolation_export.h).

#include <fmt/format.h>

#include "cli/commands.h"
#include "app/exit_codes.h"
#include "app/isolation_export.h"
#include "app/run_files.h"

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
  command->add_option("-o,--output", flags->output,
                      "Output file (default: stdout); the expected output goes beside it (FILE.spec -> FILE.out)");
  command->callback([&run, flags] {
    run = [flags] {
      if (!flags->output.empty() && expected_output_path(flags->output) == flags->output) {
        throw CommandError{kExitBadInput, fmt::format("-o {}: the expected output would overwrite the spec; name the "
                                                      "spec FILE.spec (its expected output is then FILE.out)",
                                                      flags->output)};
      }
      Trace trace = load_trace_or_fail(flags->trace);
      const IsolationExport exported = export_isolation_spec(trace, flags->trace);
      if (flags->output.empty()) {
        fmt::print("{}", exported.spec);
      } else {
        write_file(flags->output, exported.spec);
        write_file(expected_output_path(flags->output), exported.expected);
      }
      return kExitHolds;
    };
  });
}

}  // namespace interleave::cli
