#pragma once
// Generated mixed workloads: registrations, deletions, API requests,
// section edits and membership activities over two or three tenants, with
// fault choices, as a scenarios::Scenario that runs through
// scenarios::program_factory exactly like a catalogue scenario. The
// schedule is generated in the same value, so RapidCheck shrinks workload
// and interleaving together.
//
// Example:
//   RC_GTEST_PROP(Suite, Holds, ()) {
//     const MixedWorkload workload = *holding_mixed_workloads();
//     RC_ASSERT(run_mixed(workload).status == VerdictStatus::kHolds);
//   }

#include <rapidcheck.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "harness/verdict.h"
#include "scenarios/scenario.h"

namespace interleave::test_support {

struct MixedWorkload {
  // Validated; lists `variant` as its only variant, with its expectation.
  scenarios::Scenario scenario;
  std::string variant;
  std::vector<std::uint32_t> schedule;  // for VectorStrategy
};

// How RapidCheck prints a counterexample: the scenario as a .scn file, the
// variant and the schedule.
void showValue(const MixedWorkload& workload, std::ostream& os);

// Mixes of one to three services on which the catalogue expects every fix
// to hold together, with the faults it claims they withstand, each run at
// its holding variant (see the .cc for the choice of variant per mix).
rc::Gen<MixedWorkload> holding_mixed_workloads();

// Mixes that include `service` (and up to two others), run as reported
// (variant seed) and judged by `service`'s own properties only, so a
// violation is that service's seeded race, whatever the others do.
rc::Gen<MixedWorkload> seed_family_workloads(std::string_view service);

// Runs the workload's scenario under its schedule, without recording.
Verdict run_mixed(const MixedWorkload& workload);

// "deletion+tenant", "faults: service_unavailable max=1": for RC_TAG.
std::string services_label(const MixedWorkload& workload);
std::string faults_label(const MixedWorkload& workload);

}  // namespace interleave::test_support
