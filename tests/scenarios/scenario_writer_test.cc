// write_scenario's text parses back to an equal scenario: every shipped
// scenario, and values that need quoting.

#include "scenarios/scenario_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"

namespace interleave {
namespace {

using scenarios::Argument;
using scenarios::Scenario;
using testing::HasSubstr;

std::vector<std::string> argument_text(const std::vector<Argument>& arguments) {
  std::vector<std::string> text;
  for (const Argument& argument : arguments) {
    std::string line = argument.name + "=";
    for (const std::string& alternative : argument.alternatives) line += "[" + alternative + "]";
    text.push_back(line);
  }
  return text;
}

// Everything a scenario declares, source locations and file name aside.
void expect_same_scenario(const Scenario& expected, const Scenario& actual) {
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.title, expected.title);
  EXPECT_EQ(actual.report, expected.report);
  EXPECT_EQ(actual.services, expected.services);
  EXPECT_EQ(actual.properties, expected.properties);
  EXPECT_EQ(actual.variants, expected.variants);
  ASSERT_EQ(actual.expectations.size(), expected.expectations.size());
  for (std::size_t i = 0; i < expected.expectations.size(); ++i) {
    EXPECT_EQ(actual.expectations[i].variant, expected.expectations[i].variant);
    EXPECT_EQ(actual.expectations[i].holds, expected.expectations[i].holds);
    EXPECT_EQ(actual.expectations[i].property, expected.expectations[i].property);
    EXPECT_EQ(actual.expectations[i].other_properties, expected.expectations[i].other_properties);
  }
  EXPECT_EQ(actual.faults.kinds, expected.faults.kinds);
  if (!expected.faults.kinds.empty()) {
    EXPECT_EQ(actual.faults.max, expected.faults.max);
  }
  ASSERT_EQ(actual.givens.size(), expected.givens.size());
  for (std::size_t i = 0; i < expected.givens.size(); ++i) {
    EXPECT_EQ(actual.givens[i].fixture, expected.givens[i].fixture);
    EXPECT_EQ(argument_text(actual.givens[i].arguments), argument_text(expected.givens[i].arguments));
  }
  ASSERT_EQ(actual.actors.size(), expected.actors.size());
  for (std::size_t i = 0; i < expected.actors.size(); ++i) {
    EXPECT_EQ(actual.actors[i].name, expected.actors[i].name);
    EXPECT_EQ(actual.actors[i].variant, expected.actors[i].variant);
    EXPECT_EQ(actual.actors[i].operation, expected.actors[i].operation);
    EXPECT_EQ(argument_text(actual.actors[i].arguments), argument_text(expected.actors[i].arguments));
  }
}

Scenario minimal() {
  Scenario scenario;
  scenario.name = "s";
  scenario.services = {"tenant"};
  scenario.properties = {"unique-slugs"};
  scenario.variants = {"seed"};
  scenario.expectations = {{.variant = "seed", .holds = false, .property = "unique-slugs"}};
  scenario.actors = {{"api-1", "create_tenant", {{"slug", {"acme"}}}, {}}};
  return scenario;
}

TEST(ScenarioWriter, EveryShippedScenarioRoundTrips) {
  auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  ASSERT_FALSE(catalogue.empty());
  for (const Scenario& scenario : catalogue) {
    SCOPED_TRACE(scenario.name);
    std::string text = scenarios::write_scenario(scenario);
    Scenario again = scenarios::parse_scenario(text, "again.scn");
    expect_same_scenario(scenario, again);
    scenarios::validate(again);
    EXPECT_EQ(scenarios::write_scenario(again), text) << "writing is stable";
  }
}

TEST(ScenarioWriter, ValuesThatNeedQuotingRoundTrip) {
  Scenario scenario = minimal();
  scenario.title = "A \"quoted\" title | with # and \\ backslash";
  scenario.report = "#7";
  scenario.actors[0].arguments = {
      {"name", {"Acme Corp"}},
      {"slug", {"a|b", "", "plain", "tab\there", "\"", "\\", "#hash", "x=y"}},
  };
  scenario.givens = {{"tenant", {{"slug", {"acme"}}, {"name", {"  spaced  "}}}, {}}};
  scenario.faults = {{"service_unavailable", "worker_crash"}, {}, 3};
  Scenario again = scenarios::parse_scenario(scenarios::write_scenario(scenario), "again.scn");
  expect_same_scenario(scenario, again);
}

TEST(ScenarioWriter, ActorVariantRoundTrips) {
  Scenario scenario = minimal();
  scenario.actors[0].variant = "seed";
  std::string text = scenarios::write_scenario(scenario);
  EXPECT_THAT(text, HasSubstr("actor api-1 create_tenant slug=acme variant=seed\n"));
  Scenario again = scenarios::parse_scenario(text, "again.scn");
  expect_same_scenario(scenario, again);
  ASSERT_EQ(again.actors[0].arguments.size(), 1u);  // variant= is not an argument of the operation
}

TEST(ScenarioWriter, BareWordsStayBare) {
  std::string text = scenarios::write_scenario(minimal());
  EXPECT_THAT(text, HasSubstr("actor api-1 create_tenant slug=acme\n"));
  EXPECT_THAT(text, HasSubstr("expect   seed fails unique-slugs\n"));
}

TEST(ScenarioWriter, WhatNoScenarioFileCanHoldIsRefused) {
  Scenario line_break = minimal();
  line_break.actors[0].arguments[0].alternatives = {"two\nlines"};
  EXPECT_THROW(scenarios::write_scenario(line_break), std::invalid_argument);

  Scenario bad_name = minimal();
  bad_name.actors[0].name = "api 1";
  try {
    scenarios::write_scenario(bad_name);
    ADD_FAILURE() << "a name with a space was written";
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr("'api 1' is not a valid name"));
  }

  Scenario no_value = minimal();
  no_value.actors[0].arguments[0].alternatives.clear();
  EXPECT_THROW(scenarios::write_scenario(no_value), std::invalid_argument);

  Scenario given_alternatives = minimal();
  given_alternatives.givens = {{"tenant", {{"slug", {"acme", "globex"}}}, {}}};
  EXPECT_THROW(scenarios::write_scenario(given_alternatives), std::invalid_argument);

  Scenario budget = minimal();
  budget.faults = {{"worker_crash"}, {}, 9};
  EXPECT_THROW(scenarios::write_scenario(budget), std::invalid_argument);
}

}  // namespace
}  // namespace interleave
