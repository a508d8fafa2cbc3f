#include "app/run_files.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "harness/nearest_name.h"
#include "harness/text_file.h"
#include "reports/html_report.h"
#include "reports/json_report.h"
#include "reports/markdown_report.h"
#include "scenarios/catalogue.h"

namespace interleave::app {

std::vector<scenarios::Scenario> load_catalogue_or_fail(const std::string& directory) {
  try {
    return scenarios::load_catalogue(directory);
  } catch (const scenarios::ScenarioError& error) {
    throw CommandError{kExitBadInput, error.what()};
  }
}

const scenarios::Scenario& scenario_or_fail(const std::vector<scenarios::Scenario>& catalogue,
                                            const std::string& name) {
  if (const auto* scenario = scenarios::find_scenario(catalogue, name)) return *scenario;
  std::string known;
  for (const auto& scenario : catalogue) known += (known.empty() ? "" : ", ") + scenario.name;
  std::vector<std::string> names;
  for (const auto& scenario : catalogue) names.push_back(scenario.name);
  throw CommandError{kExitBadInput,
                     fmt::format("unknown scenario '{}'{} (known: {})", name, did_you_mean(name, names), known)};
}

void check_variant_or_fail(const scenarios::Scenario& scenario, const std::string& variant) {
  if (std::find(scenario.variants.begin(), scenario.variants.end(), variant) != scenario.variants.end()) return;
  std::string known;
  for (const auto& name : scenario.variants) known += (known.empty() ? "" : ", ") + name;
  throw CommandError{kExitBadInput,
                     fmt::format("scenario '{}' has no variant '{}'{} (it has {})", scenario.name, variant,
                                 did_you_mean(variant, scenario.variants), known)};
}

Trace load_trace_or_fail(const std::string& path) {
  try {
    return load_trace_file(path);
  } catch (const TraceError& error) {
    throw CommandError{kExitBadInput, error.what()};
  }
}

nlohmann::json trace_document(const Trace& trace) { return nlohmann::json(to_json(trace)); }

std::string markdown_report(const Trace& trace, const std::string& trace_path) {
  return reports::render_markdown(trace_document(trace), trace_path);
}

std::string html_report(const Trace& trace, const std::string& trace_path) {
  return reports::render_html(trace_document(trace), trace_path);
}

std::string json_report(const Trace& trace, const std::string& trace_path) {
  return reports::render_json(trace_document(trace), trace_path);
}

void write_file(const std::string& path, const std::string& text) {
  if (!write_text_file(path, text)) {
    throw CommandError{kExitInfrastructure, fmt::format("{}: cannot write the file", path)};
  }
}

void create_folder(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw CommandError{kExitInfrastructure, fmt::format("{}: cannot create the folder: {}", directory, error.message())};
  }
}

std::string write_trace_and_report(const Trace& trace, const std::string& directory) {
  create_folder(directory);
  std::string trace_path = (std::filesystem::path(directory) / "trace.json").string();
  write_file(trace_path, serialize(trace));
  write_file((std::filesystem::path(directory) / "report.md").string(), markdown_report(trace, trace_path));
  write_file((std::filesystem::path(directory) / "report.html").string(), html_report(trace, trace_path));
  return trace_path;
}

}  // namespace interleave::app
