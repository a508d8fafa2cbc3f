#pragma once
// The portfolio: one variant's schedule budget shared by random, pct at
// depths 1, 2 and 3, and dfs (preemption bound, sleep sets) until exhausted
// or out of budget. A variant holds only when none of them found a
// violation: each finds races the others miss within a budget (random
// finds many shallow ones at once; pct finds a race that needs one actor
// to stay behind for long; dfs covers every schedule with few preemptions).
//
// The searches run in that order and stop at the first violation (unless
// keep_going). The result's strategy_statistics holds "searches" (one
// object per search that ran: strategy, depth or preemption_bound, budget,
// schedules, violations, first_violation_at, dfs's exhausted) and
// "found_by" (null when every search held); its first_failure_at and trace
// are those of the search that found the violation.
//
// Example:
//   ExplorationSettings settings{.strategy = "portfolio", .schedules = 8000};
//   ExploreResult result = explore_variant(scenario, "fixed", settings);
//   result.strategy_statistics["searches"][4]["exhausted"]

#include <cstdint>
#include <memory>
#include <string>

#include "app/exploration.h"

namespace interleave::app {

// The budget's shares, in eighths, in the order the searches run.
struct PortfolioShare {
  const char* strategy;
  std::uint32_t depth;  // pct only
  std::uint32_t eighths;
};
inline constexpr PortfolioShare kPortfolio[] = {
    {"random", 0, 3}, {"pct", 1, 1}, {"pct", 2, 1}, {"pct", 3, 1}, {"dfs", 0, 2}};

// Each search gets its share of settings.schedules, at least 1.
ExploreResult explore_portfolio(const scenarios::Scenario& scenario, const std::string& variant,
                                const ExplorationSettings& settings,
                                std::shared_ptr<scenarios::ScenarioTally> tally);

}  // namespace interleave::app
