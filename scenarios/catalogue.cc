#include "scenarios/catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "model/invariants/property.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

namespace {

// Scenarios built in code (property tests) have no locations: name the file only.
[[noreturn]] void fail_at(const Scenario& scenario, const SourceLocation& where, const std::string& problem) {
  if (where.line == 0) throw ScenarioError(fmt::format("{}: {}", scenario.file, problem));
  throw ScenarioError(fmt::format("{}:{}:{}: {}", where.file, where.line, where.column, problem));
}

const SourceLocation& location(const std::vector<SourceLocation>& locations, std::size_t index) {
  static const SourceLocation kUnknown;
  return index < locations.size() ? locations[index] : kUnknown;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string text;
  for (std::string_view name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

void validate(const Scenario& scenario) {
  std::vector<std::string_view> variants = service_variants(scenario.service);
  if (variants.empty()) fail_at(scenario, scenario.service_where, fmt::format("unknown service '{}'", scenario.service));
  for (std::size_t i = 0; i < scenario.variants.size(); ++i) {
    const std::string& variant = scenario.variants[i];
    if (!contains(variants, variant)) {
      fail_at(scenario, location(scenario.variant_where, i),
              fmt::format("service '{}' has no variant '{}' (it has {})", scenario.service, variant, joined(variants)));
    }
    if (!scenario.expectation(variant)) {
      fail_at(scenario, location(scenario.variant_where, i), fmt::format("variant '{}' has no 'expect' line", variant));
    }
  }
  for (const Expectation& expected : scenario.expectations) {
    if (std::find(scenario.variants.begin(), scenario.variants.end(), expected.variant) == scenario.variants.end()) {
      fail_at(scenario, expected.where,
              fmt::format("'expect' names variant '{}', which 'variants' does not list", expected.variant));
    }
    if (!expected.holds &&
        std::find(scenario.properties.begin(), scenario.properties.end(), expected.property) ==
            scenario.properties.end()) {
      fail_at(scenario, expected.where,
              fmt::format("'expect {} fails {}' names a property the scenario does not check", expected.variant,
                          expected.property));
    }
  }
  for (std::size_t i = 0; i < scenario.properties.size(); ++i) {
    if (!model::make_property(scenario.properties[i])) {
      fail_at(scenario, location(scenario.property_where, i),
              fmt::format("unknown property '{}' (known: {})", scenario.properties[i], joined(model::property_names())));
    }
  }
  for (const ActorSpec& actor : scenario.actors) {
    const OperationDef* op = find_operation(actor.operation);
    if (!op) fail_at(scenario, actor.where, fmt::format("unknown operation '{}'", actor.operation));
    if (op->service != scenario.service) {
      fail_at(scenario, actor.where, fmt::format("operation '{}' belongs to service '{}', not '{}'", actor.operation,
                                       op->service, scenario.service));
    }
    for (std::string_view required : op->required) {
      bool given = std::any_of(actor.arguments.begin(), actor.arguments.end(),
                               [&](const Argument& argument) { return argument.name == required; });
      if (!given) fail_at(scenario, actor.where, fmt::format("'{}' needs argument '{}'", actor.operation, required));
    }
    for (const Argument& argument : actor.arguments) {
      if (!contains(op->required, argument.name) && !contains(op->optional, argument.name)) {
        fail_at(scenario, actor.where, fmt::format("'{}' takes no argument '{}'", actor.operation, argument.name));
      }
    }
  }
}

std::vector<Scenario> load_catalogue(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw ScenarioError(fmt::format("{}: not a folder of scenario files", directory));
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".scn") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());  // directory order is not deterministic
  std::vector<Scenario> catalogue;
  for (const std::string& file : files) {
    Scenario scenario = load_scenario_file(file);
    validate(scenario);
    if (const Scenario* other = find_scenario(catalogue, scenario.name)) {
      throw ScenarioError(fmt::format("{}: scenario '{}' is also declared in {}", file, scenario.name, other->file));
    }
    catalogue.push_back(std::move(scenario));
  }
  std::sort(catalogue.begin(), catalogue.end(),
            [](const Scenario& a, const Scenario& b) { return a.name < b.name; });
  return catalogue;
}

std::string default_scenario_directory() {
  if (const char* configured = std::getenv("INTERLEAVE_SCENARIOS")) return configured;
  return INTERLEAVE_SCENARIO_DIR;
}

const Scenario* find_scenario(const std::vector<Scenario>& catalogue, std::string_view name) {
  for (const Scenario& scenario : catalogue) {
    if (scenario.name == name) return &scenario;
  }
  return nullptr;
}

}  // namespace interleave::scenarios
