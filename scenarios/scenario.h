#pragma once
// A scenario as its file declares it: which service, which actors call which
// operation with which arguments, which properties must hold, and the
// catalogue's expected verdict per variant.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interleave::scenarios {

// Where in the scenario file something was written, for error messages.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// One argument: a single value, or alternatives (`slug=acme|globex`) the
// schedule chooses between, so data choices are explored like interleavings.
struct Argument {
  std::string name;
  std::vector<std::string> alternatives;  // at least one
};

struct ActorSpec {
  std::string name;
  std::string operation;
  std::vector<Argument> arguments;
  SourceLocation where;
};

struct Expectation {
  std::string variant;
  SourceLocation where;
  bool holds = true;
  std::string property;  // the property expected to fail, when !holds
};

struct Scenario {
  std::string name;
  std::string title;
  std::string report;  // incident report id, "000"
  std::string service;
  std::vector<std::string> properties;
  std::vector<std::string> variants;
  // Where each was written, for validation errors.
  SourceLocation service_where;
  std::vector<SourceLocation> property_where;  // parallel to properties
  std::vector<SourceLocation> variant_where;   // parallel to variants
  std::vector<Expectation> expectations;
  std::vector<ActorSpec> actors;
  std::string file;

  const Expectation* expectation(std::string_view variant) const {
    for (const Expectation& expected : expectations) {
      if (expected.variant == variant) return &expected;
    }
    return nullptr;
  }
};

}  // namespace interleave::scenarios
