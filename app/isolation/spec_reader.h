#pragma once
// Reads a PostgreSQL 15 isolation spec (spec.h) and checks what
// isolationtester checks before it runs one: step names unique across
// sessions, every permutation step and blocker naming a step, no step
// blocked by a step of its own session. Anything else it would refuse is a
// SpecError with the position and what would be valid there.
//
// Example:
//   ReadSpec read = read_spec(text);            // throws SpecError
//   for (const std::string& w : read.warnings)  // "unused step name: s2c"

#include <string>
#include <string_view>
#include <vector>

#include "app/isolation/spec.h"
#include "app/isolation/spec_error.h"

namespace interleave::app::isolation {

struct ReadSpec {
  Spec spec;
  // What isolationtester warns about on stderr and runs anyway: steps no
  // permutation line uses ("unused step name: s2c").
  std::vector<std::string> warnings;
};

ReadSpec read_spec(std::string_view text);

}  // namespace interleave::app::isolation
