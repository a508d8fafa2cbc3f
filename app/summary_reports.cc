#include "app/summary_reports.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/exit_codes.h"
#include "app/run_files.h"
#include "harness/text_file.h"
#include "reports/dashboard.h"
#include "reports/junit_report.h"
#include "reports/markdown_report.h"
#include "reports/variant_evidence.h"

namespace interleave::app {
namespace {

namespace fs = std::filesystem;

std::optional<nlohmann::json> read_summary(const std::string& directory) {
  const fs::path path = fs::path(directory) / "summary.json";
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  const std::optional<std::string> text = read_text_file(path.string());
  if (!text) throw CommandError{kExitInfrastructure, fmt::format("{}: cannot read the file", path.string())};
  try {
    nlohmann::json summary = nlohmann::json::parse(*text);
    if (!summary.is_array()) throw std::invalid_argument("expected an array of results, as hunt writes");
    return summary;
  } catch (const nlohmann::json::exception& problem) {
    throw CommandError{kExitBadInput, fmt::format("{}: {}", path.string(), problem.what())};
  } catch (const std::invalid_argument& problem) {
    throw CommandError{kExitBadInput, fmt::format("{}: {}", path.string(), problem.what())};
  }
}

// The trace a summary entry names, as JSON; nullopt when it names none.
std::optional<nlohmann::json> entry_trace(const nlohmann::json& entry) {
  auto path = entry.find("trace");
  if (path == entry.end() || !path->is_string()) return std::nullopt;
  return trace_document(load_trace_or_fail(path->get<std::string>()));
}

std::string junit_timestamp() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}", fmt::gmtime(std::chrono::system_clock::to_time_t(
                                                 std::chrono::system_clock::now())));
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace

bool write_dashboard(const std::string& directory) {
  const std::optional<nlohmann::json> summary = read_summary(directory);
  if (!summary) return false;
  // hunt's run details, when it wrote them (a merged or older folder has none).
  nlohmann::json run = nullptr;
  const fs::path run_file = fs::path(directory) / "run.json";
  if (const std::optional<std::string> text = read_text_file(run_file.string())) {
    try {
      run = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& problem) {
      throw CommandError{kExitBadInput, fmt::format("{}: {}", run_file.string(), problem.what())};
    }
  }
  std::string dashboard;
  try {
    dashboard = reports::render_dashboard(*summary, run);
  } catch (const std::invalid_argument& problem) {
    throw CommandError{kExitBadInput, fmt::format("{}/summary.json: {}", directory, problem.what())};
  }
  write_file((fs::path(directory) / "index.html").string(), dashboard);
  return true;
}

bool write_junit(const std::string& directory) {
  const std::optional<nlohmann::json> summary = read_summary(directory);
  if (!summary) return false;
  reports::JunitRun run{.timestamp = junit_timestamp(), .hostname = host_name(), .cases = {}};
  for (const nlohmann::json& entry : *summary) {
    run.cases.push_back(reports::junit_case(entry, entry_trace(entry)));
    run.interrupted = run.interrupted || (entry.is_object() && entry.value("run_interrupted", false));
  }
  write_file((fs::path(directory) / "junit.xml").string(), reports::render_junit(run));
  return true;
}

bool write_fix_verification(const std::string& directory) {
  const std::optional<nlohmann::json> summary = read_summary(directory);
  if (!summary) return false;
  std::vector<reports::VariantEvidence> evidence;
  for (const nlohmann::json& entry : *summary) evidence.push_back(reports::variant_evidence(entry));
  for (const nlohmann::json& entry : *summary) {
    const std::optional<nlohmann::json> trace = entry_trace(entry);
    if (!trace) continue;
    const std::string trace_path = entry["trace"].get<std::string>();
    write_file((fs::path(trace_path).parent_path() / "report.md").string(),
               reports::render_markdown(*trace, trace_path, evidence));
  }
  return true;
}

std::string junit_of_trace(const Trace& trace, const std::string& trace_path) {
  const nlohmann::json json = trace_document(trace);
  nlohmann::json entry = {{"scenario", trace.scenario}, {"variant", trace.variant},
                          {"verdict", json["verdict"]["status"]}, {"property", trace.verdict.property},
                          {"message", trace.verdict.message},     {"schedules", trace.schedule + 1},
                          {"trace", trace_path}};
  const bool holds = trace.verdict.status == VerdictStatus::kHolds;
  reports::JunitRun run{.timestamp = junit_timestamp(), .hostname = host_name(),
                        .cases = {reports::junit_case(entry, holds ? std::nullopt : std::optional(json))}};
  return reports::render_junit(run);
}

}  // namespace interleave::app
