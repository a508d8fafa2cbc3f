#include "app/trace_scenario.h"

#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

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
                                   trace_path, fmt::join(declared, ", "), scenario.name, fmt::join(expected, ", ")) +
                           (unchecked_scenario_hint(trace).empty() ? "" : "; " + unchecked_scenario_hint(trace))};
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

void embed_scenario(Trace& trace, const scenarios::Scenario& scenario, const std::string& catalogue_directory) {
  trace.scenario_hash = scenario_hash(scenario);
  if (catalogue_directory != scenarios::default_scenario_directory()) trace.scenario_folder = catalogue_directory;
  if (!trace.scenario_source.empty()) return;
  try {
    trace.scenario_source = scenarios::write_scenario(scenario);
  } catch (const std::invalid_argument&) {
    // Not writable as a file (a scenario built in code): the trace names it.
  }
}

std::string scenario_hash(const scenarios::Scenario& scenario) {
  std::string text;
  try {
    text = scenarios::write_scenario(scenario);
  } catch (const std::invalid_argument&) {
    return "";
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
  }
  std::string hash = "sha256:";
  for (unsigned int i = 0; i < size; ++i) hash += fmt::format("{:02x}", digest[i]);
  return hash;
}

std::optional<std::string> scenario_change(const Trace& trace, const std::string& catalogue_directory) {
  if (trace.scenario_hash.empty()) return std::nullopt;
  std::vector<scenarios::Scenario> catalogue;
  try {
    catalogue = scenarios::load_catalogue(catalogue_directory);
  } catch (const std::exception&) {
    return std::nullopt;  // nothing to compare with; replay does not need it
  }
  for (const scenarios::Scenario& scenario : catalogue) {
    if (scenario.name != trace.scenario) continue;
    const std::string now = scenario_hash(scenario);
    if (now.empty() || now == trace.scenario_hash) return std::nullopt;
    const std::string replayed = trace.scenario_source.empty()
                                     ? "this trace does not carry its scenario, so the changed one replays and may "
                                       "diverge"
                                     : "replaying the scenario the trace carries";
    return fmt::format(
        "scenario '{}' has changed since this trace was recorded: {} holds it with hash {}, the trace was recorded "
        "from {}; {} (to search the changed scenario: interleave explore {} --variant {}{})",
        trace.scenario, catalogue_directory, now, trace.scenario_hash, replayed, trace.scenario, trace.variant,
        catalogue_directory == scenarios::default_scenario_directory() ? "" : " --scenarios " + catalogue_directory);
  }
  return std::nullopt;
}

std::string unchecked_scenario_hint(const Trace& trace) {
  if (!trace.scenario_source.empty() || !trace.scenario_hash.empty()) return "";
  return fmt::format(
      "this trace (format version 1) carries neither its scenario nor its hash, so interleave cannot tell whether "
      "scenario '{}' changed since it was recorded; an edited scenario would explain this",
      trace.scenario);
}

}  // namespace interleave::app
