#pragma once
// The scenario catalogue: every *.scn file of a folder, validated against the
// operations, services and properties that exist, in name order.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/workflows/fault_plan.h"

#include "scenarios/scenario.h"
#include "scenarios/scenario_parser.h"

namespace interleave::scenarios {

// Checks names against the registry. Throws ScenarioError naming the file,
// line and column of the first problem.
void validate(const Scenario& scenario);

// Fault kinds by their scenario-file names (lost_activity_completion,
// service_unavailable, worker_crash).
std::optional<model::workflows::FaultKind> fault_kind(std::string_view name);
std::string_view fault_kind_name(model::workflows::FaultKind kind);
std::vector<std::string_view> fault_kind_names();
// The workflow service's faults for a validated scenario.
model::workflows::FaultPlan fault_plan(const Scenario& scenario);

// Loads and validates every scenario; throws ScenarioError for the first bad
// file and for two files declaring one scenario name.
std::vector<Scenario> load_catalogue(const std::string& directory);

// The folder of the catalogue shipped with the sources, unless
// INTERLEAVE_SCENARIOS names another.
std::string default_scenario_directory();

const Scenario* find_scenario(const std::vector<Scenario>& catalogue, std::string_view name);

}  // namespace interleave::scenarios
