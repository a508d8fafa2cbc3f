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
  // Columns of the name and of the value in the file's line, for messages
  // that point at them; 0 for an argument built in code.
  std::uint32_t column = 0;
  std::uint32_t value_column = 0;
};

struct ActorSpec {
  std::string name;
  std::string operation;
  std::vector<Argument> arguments;
  SourceLocation where;
  std::uint32_t operation_column = 0;  // of the operation's name; 0 when built in code
  // `variant=V`: this actor runs V's code whatever variant is explored (an
  // old client during a rolling deploy); empty: the explored variant's.
  std::string variant;
  std::uint32_t variant_column = 0;  // of V; 0 when built in code or not given
};

// A setup call (`given tenant slug=acme`): runs before the actors, alone, so
// every schedule starts from the same committed state.
struct GivenSpec {
  std::string fixture;
  std::vector<Argument> arguments;  // one alternative each
  SourceLocation where;
  std::uint32_t fixture_column = 0;  // of the fixture's name; 0 when built in code
};

// The infrastructure faults a scenario lets the schedule inject
// (`faults service_unavailable lost_activity_completion max=1`).
struct FaultSpec {
  std::vector<std::string> kinds;
  std::vector<SourceLocation> kind_where;  // parallel to kinds
  std::uint32_t max = 1;
};

struct Expectation {
  std::string variant;
  SourceLocation where;
  bool holds = true;
  std::string property;  // the property expected to fail, when !holds
  // In a mixed scenario several seeded races compete, and which one a
  // schedule hits first is the schedule's business: `fails a b` accepts
  // either.
  std::vector<std::string> other_properties;

  bool accepts_failure_of(std::string_view failed) const {
    if (holds) return false;
    if (failed == property) return true;
    for (const std::string& other : other_properties) {
      if (failed == other) return true;
    }
    return false;
  }
  // "holds", "fails unique-slugs", "fails a|b".
  std::string text() const {
    if (holds) return "holds";
    std::string text = "fails " + property;
    for (const std::string& other : other_properties) text += "|" + other;
    return text;
  }
};

struct Scenario {
  std::string name;
  std::string title;
  std::string report;  // incident report id, "000"
  // One service, or several in a mixed scenario; a variant names the same
  // variant of each of them.
  std::vector<std::string> services;
  std::vector<std::string> properties;
  std::vector<std::string> variants;
  // Where each was written, for validation errors.
  std::vector<SourceLocation> service_where;  // parallel to services
  std::vector<SourceLocation> property_where;  // parallel to properties
  std::vector<SourceLocation> variant_where;   // parallel to variants
  std::vector<Expectation> expectations;
  std::vector<GivenSpec> givens;
  FaultSpec faults;
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
