#include "scenarios/catalogue.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "harness/nearest_name.h"
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

std::vector<std::string> strings(const std::vector<std::string_view>& names) {
  return {names.begin(), names.end()};
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// `where` moved to `column` of its line; unchanged when the column is not
// known (a scenario built in code).
SourceLocation at_column(const SourceLocation& where, std::uint32_t column) {
  return column == 0 ? where : SourceLocation{where.file, where.line, column};
}

// One value of an argument against its rule: one of the choices, or a whole
// number of at least the minimum.
std::optional<std::string> value_problem(std::string_view callee, const ValueRule& rule, const std::string& value) {
  if (!rule.choices.empty()) {
    const std::vector<std::string> choices = strings(rule.choices);
    if (contains(choices, value)) return std::nullopt;
    return fmt::format("'{}' argument '{}' cannot be '{}'{} (valid values: {})", callee, rule.argument, value,
                       did_you_mean(value, choices), name_list(choices));
  }
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error == std::errc() && end == value.data() + value.size() && number >= rule.minimum) return std::nullopt;
  return fmt::format("'{}' argument '{}' must be a whole number of at least {}, got '{}'", callee, rule.argument,
                     rule.minimum, value);
}

// `name_column`: where the operation or fixture is named, for a missing
// argument; each argument carries its own columns.
void check_arguments(const Scenario& scenario, const SourceLocation& where, std::uint32_t name_column,
                     std::string_view callee, const std::vector<std::string_view>& required,
                     const std::vector<std::string_view>& optional, const std::vector<ValueRule>& rules,
                     const std::vector<Argument>& arguments) {
  std::vector<std::string> accepted = strings(required);
  accepted.insert(accepted.end(), optional.begin(), optional.end());
  const std::string listed = accepted.empty() ? "none" : name_list(accepted);
  // An unexpected name first: it is often the missing one, misnamed.
  for (const Argument& argument : arguments) {
    if (!contains(accepted, argument.name)) {
      fail_at(scenario, at_column(where, argument.column),
              fmt::format("'{}' takes no argument '{}'{} (its arguments: {})", callee, argument.name,
                          did_you_mean(argument.name, accepted), listed));
    }
  }
  for (std::string_view name : required) {
    bool given = std::any_of(arguments.begin(), arguments.end(),
                             [&](const Argument& argument) { return argument.name == name; });
    if (!given) {
      fail_at(scenario, at_column(where, name_column),
              fmt::format("'{}' needs argument '{}' (its arguments: {})", callee, name, listed));
    }
  }
  for (const Argument& argument : arguments) {
    for (const ValueRule& rule : rules) {
      if (rule.argument != argument.name) continue;
      for (const std::string& value : argument.alternatives) {
        if (auto problem = value_problem(callee, rule, value)) {
          fail_at(scenario, at_column(where, argument.value_column), *problem);
        }
      }
    }
  }
}

}  // namespace

std::optional<model::workflows::FaultKind> fault_kind(std::string_view name) {
  using model::workflows::FaultKind;
  for (std::size_t i = 0; i < model::workflows::kFaultKinds; ++i) {
    auto kind = static_cast<FaultKind>(i);
    if (fault_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view fault_kind_name(model::workflows::FaultKind kind) {
  // The event op without its "fault." prefix: one spelling everywhere.
  return model::workflows::fault_event_op(kind).substr(6);
}

std::vector<std::string_view> fault_kind_names() {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < model::workflows::kFaultKinds; ++i) {
    names.push_back(fault_kind_name(static_cast<model::workflows::FaultKind>(i)));
  }
  return names;
}

model::workflows::FaultPlan fault_plan(const Scenario& scenario) {
  model::workflows::FaultPlan plan;
  plan.max_faults = scenario.faults.max;
  for (const std::string& name : scenario.faults.kinds) {
    switch (*fault_kind(name)) {
      case model::workflows::FaultKind::kLostActivityCompletion: plan.lost_activity_completion = true; break;
      case model::workflows::FaultKind::kServiceUnavailable: plan.service_unavailable = true; break;
      case model::workflows::FaultKind::kWorkerCrash: plan.worker_crash = true; break;
      case model::workflows::FaultKind::kStartAmbiguous: plan.start_ambiguous = true; break;
      case model::workflows::FaultKind::kStartRedelivered: plan.start_redelivered = true; break;
      case model::workflows::FaultKind::kConnectionLost: plan.connection_lost = true; break;
      case model::workflows::FaultKind::kCommitOutcomeUnknown: plan.commit_outcome_unknown = true; break;
    }
  }
  return plan;
}

void validate(const Scenario& scenario) {
  for (std::size_t i = 0; i < scenario.services.size(); ++i) {
    const std::string& service = scenario.services[i];
    if (service.starts_with(kPythonServicePrefix)) {
      try {
        find_service(service);  // imports the module once
      } catch (const ScenarioError& error) {
        fail_at(scenario, location(scenario.service_where, i), error.what());
      }
    }
    std::vector<std::string_view> variants = service_variants(service);
    if (variants.empty()) {
      std::vector<std::string_view> known;
      for (const ServiceDef& def : services()) known.push_back(def.name);
      fail_at(scenario, location(scenario.service_where, i),
              fmt::format("unknown service '{}'{} (known: {})", service, did_you_mean(service, strings(known)), joined(known)));
    }
    for (std::size_t v = 0; v < scenario.variants.size(); ++v) {
      if (resolve_variant(service, scenario.variants[v]).empty()) {
        fail_at(scenario, location(scenario.variant_where, v),
                fmt::format("service '{}' has no variant '{}'{} (it has {})", service, scenario.variants[v],
                            did_you_mean(scenario.variants[v], strings(variants)), joined(variants)));
      }
    }
  }
  for (std::size_t i = 0; i < scenario.variants.size(); ++i) {
    if (!scenario.expectation(scenario.variants[i])) {
      fail_at(scenario, location(scenario.variant_where, i),
              fmt::format("variant '{}' has no 'expect' line", scenario.variants[i]));
    }
  }
  for (const Expectation& expected : scenario.expectations) {
    if (std::find(scenario.variants.begin(), scenario.variants.end(), expected.variant) == scenario.variants.end()) {
      fail_at(scenario, expected.where,
              fmt::format("'expect' names variant '{}', which 'variants' does not list", expected.variant));
    }
    if (expected.holds) continue;
    std::vector<std::string> named = expected.other_properties;
    named.insert(named.begin(), expected.property);
    for (const std::string& property : named) {
      if (std::find(scenario.properties.begin(), scenario.properties.end(), property) == scenario.properties.end()) {
        fail_at(scenario, expected.where,
                fmt::format("'expect {} fails {}' names a property the scenario does not check", expected.variant,
                            property));
      }
    }
  }
  for (std::size_t i = 0; i < scenario.properties.size(); ++i) {
    if (!model::make_property(scenario.properties[i])) {
      fail_at(scenario, location(scenario.property_where, i),
              fmt::format("unknown property '{}'{} (known: {})", scenario.properties[i],
                          did_you_mean(scenario.properties[i], strings(model::property_names())),
                          joined(model::property_names())));
    }
  }
  for (const ActorSpec& actor : scenario.actors) {
    const OperationDef* op = find_operation(actor.operation, scenario.services);
    if (!op) op = find_operation(actor.operation);
    if (!op) {
      std::vector<std::string> known;
      for (const OperationDef& def : operations()) known.emplace_back(def.name);
      fail_at(scenario, at_column(actor.where, actor.operation_column),
              fmt::format("unknown operation '{}'{} (known: {})", actor.operation, did_you_mean(actor.operation, known),
                          name_list(known)));
    }
    if (std::find(scenario.services.begin(), scenario.services.end(), op->service) == scenario.services.end()) {
      fail_at(scenario, actor.where, fmt::format("operation '{}' belongs to service '{}', which 'service' does not list",
                                                 actor.operation, op->service));
    }
    check_arguments(scenario, actor.where, actor.operation_column, actor.operation, op->required, op->optional,
                    op->values, actor.arguments);
    if (!actor.variant.empty() && resolve_variant(op->service, actor.variant).empty()) {
      std::vector<std::string_view> variants = service_variants(op->service);
      fail_at(scenario, at_column(actor.where, actor.variant_column),
              fmt::format("actor {}: service '{}' has no variant '{}'{} (it has {})", actor.name, op->service,
                          actor.variant, did_you_mean(actor.variant, strings(variants)), joined(variants)));
    }
  }
  for (const GivenSpec& given : scenario.givens) {
    const FixtureDef* fixture = find_fixture(given.fixture);
    if (!fixture) {
      std::vector<std::string> known;
      for (const FixtureDef& def : fixtures()) known.emplace_back(def.name);
      fail_at(scenario, at_column(given.where, given.fixture_column),
              fmt::format("unknown fixture '{}'{} (known: {})", given.fixture, did_you_mean(given.fixture, known),
                          name_list(known)));
    }
    check_arguments(scenario, given.where, given.fixture_column, given.fixture, fixture->required, fixture->optional,
                    fixture->values, given.arguments);
  }
  for (std::size_t i = 0; i < scenario.faults.kinds.size(); ++i) {
    if (!fault_kind(scenario.faults.kinds[i])) {
      fail_at(scenario, location(scenario.faults.kind_where, i),
              fmt::format("unknown fault kind '{}'{} (known: {})", scenario.faults.kinds[i],
                          did_you_mean(scenario.faults.kinds[i], strings(fault_kind_names())),
                          joined(fault_kind_names())));
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
