// interleave report TRACE|DIR: render race reports from trace files. A
// folder is searched for trace.json files; each gets its report.<format>
// beside it. A run folder (one with hunt's summary.json) also gets what needs
// the whole run: md reports with their Fix Verification, html's dashboard
// (index.html), and one junit.xml for the run instead of one per trace.

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "cli/choice_options.h"
#include "cli/commands.h"
#include "app/exit_codes.h"
#include "app/run_files.h"
#include "app/summary_reports.h"

namespace interleave::cli {

namespace {

// One entry per --format: how a trace renders and the file it gets in a
// folder, and what a run folder (one with summary.json) gets besides.
struct ReportFormat {
  std::function<std::string(const Trace&, const std::string&)> render;
  std::string file_name;
  // Writes the run's own report when the folder has a summary; returns
  // whether it did. `run_file` names it ("" when it rewrites the traces').
  std::function<bool(const std::string&)> for_run = [](const std::string&) { return false; };
  std::string run_file;
  bool run_replaces_traces = false;  // one run document instead of one per trace
};

const std::map<std::string, ReportFormat>& report_formats() {
  static const std::map<std::string, ReportFormat> formats = {
      {"md", {markdown_report, "report.md", write_fix_verification, ""}},
      {"html", {html_report, "report.html", write_dashboard, "index.html"}},
      {"json", {json_report, "report.json"}},
      {"junit", {junit_of_trace, "junit.xml", write_junit, "junit.xml", true}},
  };
  return formats;
}

}  // namespace

void add_report_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string input;
    std::string format = "md";
    std::string output;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("report", "Render race reports from a trace or a run folder");
  command->add_option("input", flags->input, "A trace file, or a folder (e.g. a hunt's --out)")->required();
  std::vector<std::string> format_names;
  for (const auto& [name, format] : report_formats()) format_names.push_back(name);
  command->add_option("--format", flags->format, "Report format")
      ->check(one_of(format_names))
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Output file for a single trace (default: stdout)");
  command->callback([&run, flags] {
    run = [flags] {
      namespace fs = std::filesystem;
      const ReportFormat& format = report_formats().at(flags->format);
      std::error_code error;
      if (!fs::is_directory(flags->input, error)) {
        Trace trace = load_trace_or_fail(flags->input);
        std::string report = format.render(trace, flags->input);
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
      const std::string& folder = flags->input;
      auto print_run_file = [&] {
        if (!format.run_file.empty()) fmt::print("{}\n", (fs::path(folder) / format.run_file).string());
      };
      if (format.run_replaces_traces && format.for_run(folder)) {
        print_run_file();
        return kExitHolds;
      }
      std::vector<fs::path> traces;
      for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().filename() == "trace.json") traces.push_back(entry.path());
      }
      std::sort(traces.begin(), traces.end());
      for (const fs::path& path : traces) {
        Trace trace = load_trace_or_fail(path.string());
        fs::path report = path.parent_path() / format.file_name;
        write_file(report.string(), format.render(trace, path.string()));
        fmt::print("{}\n", report.string());
      }
      const bool run_written = !format.run_replaces_traces && format.for_run(folder);
      if (run_written) print_run_file();
      if (traces.empty() && !(run_written && !format.run_file.empty())) {
        throw CommandError{kExitBadInput, fmt::format("{}: no trace.json found", folder)};
      }
      return kExitHolds;
    };
  });
}

}  // namespace interleave::cli
