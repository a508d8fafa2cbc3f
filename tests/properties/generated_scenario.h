#pragma once
// What the RapidCheck properties over generated scenarios share: running
// one generated scenario under one generated schedule (VectorStrategy, so
// RapidCheck shrinks workload and interleaving together), and keeping the
// counterexample a search for a seeded race ends with.

#include <rapidcheck.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/execution.h"
#include "harness/vector_strategy.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_program.h"
#include "tests/properties/more_cases.h"

namespace interleave::test_support {

// A schedule as RapidCheck generates it: small numbers, shrinking to zeros
// (the lowest runnable actor, no fault).
inline std::vector<std::uint32_t> generate_schedule() {
  return *rc::gen::container<std::vector<std::uint32_t>>(rc::gen::inRange<std::uint32_t>(0, 8));
}

// Requires: `scenario` is validated.
inline Verdict run_generated(const scenarios::Scenario& scenario, const std::string& variant,
                             const std::vector<std::uint32_t>& schedule) {
  VectorStrategy strategy(schedule);
  strategy.begin_schedule(0);
  auto program = scenarios::program_factory(scenario, variant)();
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(*program);
  return exec.verdict();
}

template <typename Workload>
struct Counterexample {
  Workload workload;
  Verdict verdict;
};

// Runs rc::check on "`run` holds for every generated workload" and returns
// the shrunk counterexample when it fails. RapidCheck accepts every failing
// shrink candidate at once, so the last failing input it evaluates is the
// one it reports.
// Cases a search for a seeded race runs: 10 times RapidCheck's configured number.
inline constexpr int kSearchFactor = 10;

template <typename Workload>
std::optional<Counterexample<Workload>> find_counterexample(const std::string& description,
                                                            const std::function<Workload()>& generate,
                                                            const std::function<Verdict(const Workload&)>& run) {
  std::optional<Counterexample<Workload>> last;
  const bool passed = check_with_more_cases(description, kSearchFactor, [&] {
    Workload workload = generate();
    Verdict verdict = run(workload);
    if (verdict.status != VerdictStatus::kHolds) last = Counterexample<Workload>{workload, verdict};
    RC_ASSERT(verdict.status == VerdictStatus::kHolds);
  });
  if (passed) return std::nullopt;
  return last;
}

}  // namespace interleave::test_support
