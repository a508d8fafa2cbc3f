#pragma once
// The scenario file format (one directive per line, `#` starts a comment):
//
//   scenario tenant-slug-race
//   title    "Race Condition in Tenant Provisioning"
//   report   000
//   service  tenant
//   property unique-slugs
//   variants seed fixed
//   expect   seed fails unique-slugs
//   expect   fixed holds
//   actor    api-1 create_tenant name="Acme" slug=acme|globex
//
// Values are bare words or double-quoted strings (\" and \\ escape);
// `a|b` lists alternatives the schedule picks from. Every error names the
// file, line and column: "tenant.scn:7:14: unknown property 'unique-slug'".

#include <stdexcept>
#include <string>
#include <string_view>

#include "scenarios/scenario.h"

namespace interleave::scenarios {

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Syntax only; validate() checks names against the services and properties.
Scenario parse_scenario(std::string_view text, const std::string& file);
Scenario load_scenario_file(const std::string& path);

}  // namespace interleave::scenarios
