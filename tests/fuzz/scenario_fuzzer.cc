// The scenario parser on arbitrary bytes: it either throws ScenarioError
// (naming file, line and column) or gives a scenario that the writer turns
// back into text the parser reads as the same scenario.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace interleave::scenarios;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Scenario scenario;
  try {
    scenario = parse_scenario(text, "fuzz.scn");
  } catch (const ScenarioError&) {
    return 0;
  }
  std::string written;
  try {
    written = write_scenario(scenario);
  } catch (const std::invalid_argument&) {
    return 0;  // a scenario the writer declines, saying why
  }
  if (write_scenario(parse_scenario(written, "fuzz-again.scn")) != written) std::abort();
  return 0;
}
