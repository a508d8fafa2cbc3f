// Determinism soak: 10,000 random schedules over the whole catalogue (every
// scenario and variant), each recorded, replayed and serialised again: the
// replay must not diverge and the two traces must be the same bytes.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

constexpr std::uint64_t kTraces = 10'000;

TEST(DeterminismSoak, TenThousandRandomTracesReplayToTheSameBytes) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  std::size_t variants = 0;
  for (const scenarios::Scenario& scenario : catalogue) variants += scenario.variants.size();
  ASSERT_GT(variants, 0u);
  const std::uint64_t per_variant = (kTraces + variants - 1) / variants;

  std::uint64_t replayed = 0, identical = 0;
  for (const scenarios::Scenario& scenario : catalogue) {
    for (const std::string& variant : scenario.variants) {
      const ProgramFactory factory = scenarios::program_factory(scenario, variant);
      const TraceHeader header = scenarios::trace_header(scenario, variant);
      for (std::uint64_t i = 0; i < per_variant; ++i) {
        // A random schedule's choices, then its recorded trace.
        RandomStrategy random(i);
        random.begin_schedule(i);
        auto program = factory();
        Execution exec(random, {}, /*record_events=*/false);
        exec.run(*program);
        Trace trace = run_recorded(factory, exec.choices(), {});
        header.apply_to(trace);

        ReplayResult replay_result = replay(factory, trace);
        ++replayed;
        ASSERT_FALSE(replay_result.divergence)
            << scenario.name << " " << variant << " schedule " << i << ": " << *replay_result.divergence;
        copy_identity(trace, replay_result.replayed);
        if (serialize(replay_result.replayed) == serialize(trace)) {
          ++identical;
        } else {
          ADD_FAILURE() << scenario.name << " " << variant << " schedule " << i << ": replay gives other bytes";
        }
      }
    }
  }
  EXPECT_GE(replayed, kTraces);
  EXPECT_EQ(identical, replayed);
}

}  // namespace
}  // namespace interleave
