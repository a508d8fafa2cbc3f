// Every fault kind a shipped scenario enables is injected by at least one
// schedule of each of its variants: a `faults` line that no schedule can
// reach would explore nothing and hide it.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "harness/execution.h"
#include "harness/random_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

constexpr std::uint64_t kScenarioFaultSchedules = 300;

// Runs every schedule to its end, violations included: a seed variant
// stops early where its race is, and the faults after it count too.
scenarios::ScenarioTally tally_of(const scenarios::Scenario& scenario, const std::string& variant) {
  auto tally = std::make_shared<scenarios::ScenarioTally>();
  ProgramFactory factory = scenarios::program_factory(scenario, variant, tally);
  RandomStrategy strategy(2026);
  for (std::uint64_t schedule = 0; schedule < kScenarioFaultSchedules; ++schedule) {
    strategy.begin_schedule(schedule);
    std::unique_ptr<Program> program = factory();
    Execution exec(strategy, {}, /*record_events=*/false);
    exec.run(*program);
  }  // each program adds its faults to the tally as it is destroyed
  return *tally;
}

TEST(ScenarioFaults, EveryEnabledFaultKindIsReachedInEveryVariant) {
  int checked = 0;
  for (const scenarios::Scenario& scenario : scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR)) {
    if (scenario.faults.kinds.empty()) continue;
    for (const std::string& variant : scenario.variants) {
      const scenarios::ScenarioTally tally = tally_of(scenario, variant);
      for (const std::string& name : scenario.faults.kinds) {
        const auto kind = static_cast<std::size_t>(*scenarios::fault_kind(name));
        EXPECT_GT(tally.faults[kind], 0u) << scenario.name << " --variant " << variant << ": no schedule injected "
                                          << name;
        RecordProperty(scenario.name + "/" + variant + "/" + name, std::to_string(tally.faults[kind]));
        ++checked;
      }
      RecordProperty(scenario.name + "/" + variant + "/schedules_with_faults",
                     std::to_string(tally.schedules_with_faults));
      EXPECT_GT(tally.schedules_with_faults, 0u);
      // With one kind enabled, fault-free schedules must be explored too.
      // With several, each of many fault points may fire, so a fault-free
      // schedule becomes rare: not asserted there.
      if (scenario.faults.kinds.size() == 1) {
        EXPECT_LT(tally.schedules_with_faults, kScenarioFaultSchedules) << scenario.name << " --variant " << variant
                                                           << ": a fault in every schedule leaves none fault-free";
      }
    }
  }
  // The shipped catalogue enables faults (ghost-workflow, membership-retry).
  EXPECT_GE(checked, 4);
}

}  // namespace
}  // namespace interleave
