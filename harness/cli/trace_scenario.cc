#include "harness/cli/trace_scenario.h"

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_files.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"

namespace interleave::cli {

scenarios::Scenario scenario_for_trace(const Trace& trace, const std::string& trace_path,
                                       const std::string& catalogue_directory) {
  if (trace.scenario_source.empty()) {
    auto catalogue = load_catalogue_or_fail(catalogue_directory);
    const scenarios::Scenario& scenario = scenario_or_fail(catalogue, trace.scenario);
    check_variant_or_fail(scenario, trace.variant);
    return scenario;
  }
  scenarios::Scenario scenario;
  try {
    scenario = scenarios::parse_scenario(trace.scenario_source, trace_path + ": embedded scenario");
    scenarios::validate(scenario);
  } catch (const scenarios::ScenarioError& error) {
    throw CommandError{kExitBadInput, error.what()};
  }
  if (scenario.name != trace.scenario) {
    throw CommandError{kExitBadInput, fmt::format("{}: unknown scenario '{}': the trace embeds scenario '{}'",
                                                  trace_path, trace.scenario, scenario.name)};
  }
  check_variant_or_fail(scenario, trace.variant);
  return scenario;
}

}  // namespace interleave::cli
