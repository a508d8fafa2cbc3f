#include "scenarios/scenario_writer.h"

#include <fmt/format.h>

#include "model/workflows/fault_plan.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

namespace {

// What the parser accepts as a name: letters, digits, - _ .
void check_name(std::string_view name, std::string_view what) {
  bool ok = !name.empty();
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.');
  }
  if (!ok) {
    throw std::invalid_argument(fmt::format("{} '{}' is not a valid name (letters, digits, - _ .)", what, name));
  }
}

// The parser caps how many words a directive takes.
void check_count(std::size_t count, std::size_t maximum, std::string_view what) {
  if (count > maximum) {
    throw std::invalid_argument(fmt::format("{}: {} given, a scenario file takes at most {}", what, count, maximum));
  }
}

// A bare word unless the parser would read it otherwise: empty, holding a
// separator, a quote, an escape, an alternative bar, or starting a comment.
std::string value(std::string_view text, std::string_view what) {
  if (text.find('\n') != std::string_view::npos) {
    throw std::invalid_argument(fmt::format("{}: a value cannot hold a line break", what));
  }
  bool bare = !text.empty() && text.find_first_of(" \t\r\"\\|#") == std::string_view::npos;
  if (bare) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string arguments(const std::vector<Argument>& arguments, std::string_view owner) {
  check_count(arguments.size(), 62, fmt::format("{}: arguments", owner));
  std::string text;
  for (const Argument& argument : arguments) {
    check_name(argument.name, fmt::format("{}: argument", owner));
    if (argument.alternatives.empty()) {
      throw std::invalid_argument(fmt::format("{}: argument '{}' has no value", owner, argument.name));
    }
    text += fmt::format(" {}=", argument.name);
    for (std::size_t i = 0; i < argument.alternatives.size(); ++i) {
      text += (i ? "|" : "") + value(argument.alternatives[i], fmt::format("{} {}", owner, argument.name));
    }
  }
  return text;
}

std::string names(const std::vector<std::string>& list, std::string_view what) {
  std::string text;
  for (const std::string& name : list) {
    // A Python service is a path (scenarios/operations.h), written as a value.
    if (what == "service" && name.starts_with(kPythonServicePrefix)) {
      text += " " + value(name, what);
      continue;
    }
    check_name(name, what);
    text += " " + name;
  }
  return text;
}

}  // namespace

std::string write_scenario(const Scenario& scenario) {
  check_name(scenario.name, "scenario");
  std::string text = fmt::format("scenario {}\n", scenario.name);
  if (!scenario.title.empty()) text += fmt::format("title    {}\n", value(scenario.title, "title"));
  if (!scenario.report.empty()) text += fmt::format("report   {}\n", value(scenario.report, "report"));
  check_count(scenario.services.size(), 8, "services");
  check_count(scenario.variants.size(), 16, "variants");
  check_count(scenario.faults.kinds.size(), model::workflows::kFaultKinds, "fault kinds");
  text += fmt::format("service {}\n", names(scenario.services, "service"));
  for (const std::string& property : scenario.properties) {
    check_name(property, "property");
    text += fmt::format("property {}\n", property);
  }
  text += fmt::format("variants{}\n", names(scenario.variants, "variant"));
  for (const Expectation& expected : scenario.expectations) {
    check_name(expected.variant, "expect: variant");
    if (expected.holds) {
      text += fmt::format("expect   {} holds\n", expected.variant);
      continue;
    }
    check_name(expected.property, "expect: property");
    check_count(expected.other_properties.size() + 1, 8, "expect: properties");
    text += fmt::format("expect   {} fails {}{}\n", expected.variant, expected.property,
                        names(expected.other_properties, "expect: property"));
  }
  if (!scenario.faults.kinds.empty()) {
    if (scenario.faults.max < 1 || scenario.faults.max > 8) {
      throw std::invalid_argument(fmt::format("faults: max={} is not from 1 to 8", scenario.faults.max));
    }
    text += fmt::format("faults  {} max={}\n", names(scenario.faults.kinds, "fault kind"), scenario.faults.max);
  }
  for (const GivenSpec& given : scenario.givens) {
    check_name(given.fixture, "given");
    for (const Argument& argument : given.arguments) {
      if (argument.alternatives.size() > 1) {
        throw std::invalid_argument(
            fmt::format("given {}: argument '{}' has alternatives", given.fixture, argument.name));
      }
    }
    text += fmt::format("given {}{}\n", given.fixture, arguments(given.arguments, "given " + given.fixture));
  }
  for (const ActorSpec& actor : scenario.actors) {
    check_name(actor.name, "actor");
    check_name(actor.operation, "actor " + actor.name + ": operation");
    std::string variant;
    if (!actor.variant.empty()) {
      check_name(actor.variant, "actor " + actor.name + ": variant");
      variant = " variant=" + actor.variant;
    }
    text += fmt::format("actor {} {}{}{}\n", actor.name, actor.operation,
                        arguments(actor.arguments, "actor " + actor.name), variant);
  }
  return text;
}

}  // namespace interleave::scenarios
