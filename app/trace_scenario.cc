#include "app/trace_scenario.h"

#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/exit_codes.h"
#include "app/run_files.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_writer.h"

namespace interleave::app {

namespace {

// Errors about the trace's scenario or variant name the trace file and the
// field, like every other problem with a trace.
template <typename Check>
void in_field(const std::string& trace_path, std::string_view field, Check check) {
  try {
    check();
  } catch (const CommandError& error) {
    throw CommandError{error.exit_code, fmt::format("{}: field '{}': {}", trace_path, field, error.message)};
  }
}

// A trace of another scenario (or of an edited one) names other actors: that
// is bad input, found before anything runs, not a divergence part way.
void check_actors(const Trace& trace, const std::string& trace_path, const scenarios::Scenario& scenario) {
  std::vector<std::string> declared;
  for (const ActorInfo& actor : trace.actors) {
    if (actor.parent == kNoActor && actor.kind != "setup") declared.push_back(actor.name);
  }
  std::vector<std::string> expected;
  for (const scenarios::ActorSpec& actor : scenario.actors) expected.push_back(actor.name);
  if (declared != expected) {
    throw CommandError{kExitBadInput,
                       fmt::format("{}: field 'actors': the trace's actors ({}) are not those of scenario '{}' ({}): a "
                                   "trace of another scenario?",
                                   trace_path, fmt::join(declared, ", "), scenario.name, fmt::join(expected, ", "))};
  }
}

}  // namespace

scenarios::Scenario scenario_for_trace(const Trace& trace, const std::string& trace_path,
                                       const std::string& catalogue_directory) {
  scenarios::Scenario scenario;
  if (trace.scenario_source.empty()) {
    auto catalogue = load_catalogue_or_fail(catalogue_directory);
    in_field(trace_path, "scenario", [&] { scenario = scenario_or_fail(catalogue, trace.scenario); });
  } else {
    try {
      scenario = scenarios::parse_scenario(trace.scenario_source, trace_path + ": embedded scenario");
      scenarios::validate(scenario);
    } catch (const scenarios::ScenarioError& error) {
      throw CommandError{kExitBadInput, error.what()};
    }
    if (scenario.name != trace.scenario) {
      throw CommandError{kExitBadInput,
                         fmt::format("{}: field 'scenario': unknown scenario '{}': the trace embeds scenario '{}'",
                                     trace_path, trace.scenario, scenario.name)};
    }
  }
  in_field(trace_path, "variant", [&] { check_variant_or_fail(scenario, trace.variant); });
  check_actors(trace, trace_path, scenario);
  return scenario;
}

void embed_scenario(Trace& trace, const scenarios::Scenario& scenario) {
  if (!trace.scenario_source.empty()) return;
  try {
    trace.scenario_source = scenarios::write_scenario(scenario);
  } catch (const std::invalid_argument&) {
    // Not writable as a file (a scenario built in code): the trace names it.
  }
}

}  // namespace interleave::app
