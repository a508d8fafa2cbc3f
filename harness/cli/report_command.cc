// interleave report TRACE|DIR: render race reports from trace files. A
// folder is searched for trace.json files; each gets its report.md beside it.

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_files.h"

namespace interleave::cli {

void add_report_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string input;
    std::string format = "md";
    std::string output;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("report", "Render race reports from a trace or a run folder");
  command->add_option("input", flags->input, "A trace file, or a folder (e.g. a hunt's --out)")->required();
  command->add_option("--format", flags->format, "Report format")
      ->check(CLI::IsMember({"md"}))
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Output file for a single trace (default: stdout)");
  command->callback([&run, flags] {
    run = [flags] {
      namespace fs = std::filesystem;
      std::error_code error;
      if (!fs::is_directory(flags->input, error)) {
        Trace trace = load_trace_or_fail(flags->input);
        std::string report = markdown_report(trace, flags->input);
        if (flags->output.empty()) {
          fmt::print("{}", report);
        } else {
          write_file(flags->output, report);
        }
        return kExitHolds;
      }
      if (!flags->output.empty()) {
        throw CommandError{kExitBadInput, "-o names one file: give a trace, not a folder"};
      }
      std::vector<fs::path> traces;
      for (const auto& entry : fs::recursive_directory_iterator(flags->input)) {
        if (entry.is_regular_file() && entry.path().filename() == "trace.json") traces.push_back(entry.path());
      }
      std::sort(traces.begin(), traces.end());
      if (traces.empty()) throw CommandError{kExitBadInput, fmt::format("{}: no trace.json found", flags->input)};
      for (const fs::path& path : traces) {
        Trace trace = load_trace_or_fail(path.string());
        fs::path report = path.parent_path() / "report.md";
        write_file(report.string(), markdown_report(trace, path.string()));
        fmt::print("{}\n", report.string());
      }
      return kExitHolds;
    };
  });
}

}  // namespace interleave::cli
