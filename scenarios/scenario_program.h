#pragma once
// Turns a scenario and a variant into what the harness runs: a fresh world
// per schedule, one actor per declared actor, and the scenario's properties
// as the oracle.

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "model/workflows/fault_plan.h"
#include "model/world_observer.h"

#include "harness/explorer.h"
#include "scenarios/scenario.h"

namespace interleave::scenarios {

// What the schedules of one exploration met, summed over all of them: the
// faults injected per kind, so a hunt can show each kind was reached.
struct ScenarioTally {
  std::array<std::uint64_t, model::workflows::kFaultKinds> faults{};
  std::uint64_t schedules_with_faults = 0;
};

// Requires: `scenario` is validated and outlives the factory; `variant` is
// one of its variants; one thread at a time calls the factory and runs its
// programs (they share its argument maps). Each program adds what its
// schedule met to `tally` when one is given, and shows its world to
// `observer` (not owned; it must outlive the programs) when one is given.
ProgramFactory program_factory(const Scenario& scenario, const std::string& variant,
                               std::shared_ptr<ScenarioTally> tally = nullptr,
                               model::WorldObserver* observer = nullptr);

TraceHeader trace_header(const Scenario& scenario, const std::string& variant);

}  // namespace interleave::scenarios
