#pragma once
// Writes a scenario back as .scn text that parse_scenario reads into an
// equal scenario (source locations aside). Used for scenarios derived in
// code: a shrunk counterexample's scenario travels inside its trace, and
// generated scenarios can be saved as files.
//
// Example:
//   std::string text = write_scenario(scenario);
//   Scenario again = parse_scenario(text, "shrunk.scn");  // equal to `scenario`

#include <stdexcept>
#include <string>

#include "scenarios/scenario.h"

namespace interleave::scenarios {

// Throws std::invalid_argument when the scenario cannot be written as a file
// the parser accepts: a name that is not a valid name, a value holding a
// line break (the format is one directive per line), an argument without a
// value, or a fault budget outside 1..8.
std::string write_scenario(const Scenario& scenario);

}  // namespace interleave::scenarios
