#include "app/shrinking.h"

#include <chrono>

#include <fmt/format.h>

#include "app/exit_codes.h"

namespace interleave::app {

namespace {

nlohmann::ordered_json size_json(const scenarios::CounterexampleSize& size) {
  return {{"actors", size.actors},   {"operations", size.operations},   {"choices", size.choices},
          {"steps", size.steps},     {"preemptions", size.preemptions}, {"faults", size.faults}};
}

}  // namespace

std::optional<ShrinkReport> shrink_found_violation(const scenarios::Scenario& scenario, const std::string& variant,
                                                   ExploreResult& result) {
  if (!result.trace) return std::nullopt;
  auto started = std::chrono::steady_clock::now();  // statistics only, never a decision
  try {
    scenarios::ShrunkCounterexample shrunk = scenarios::shrink_counterexample(scenario, variant, *result.trace);
    result.trace = std::move(shrunk.trace);
    return ShrinkReport{shrunk.original, shrunk.shrunk, shrunk.runs,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
  } catch (const scenarios::ShrinkError& error) {
    throw CommandError{kExitInfrastructure, error.what()};
  }
}

nlohmann::ordered_json shrink_json(const ShrinkReport& report) {
  return {{"original", size_json(report.original)},
          {"shrunk", size_json(report.shrunk)},
          {"runs", report.runs},
          {"elapsed_s", report.elapsed_s}};
}

std::string shrink_text(const ShrinkReport& report) {
  const scenarios::CounterexampleSize& a = report.original;
  const scenarios::CounterexampleSize& b = report.shrunk;
  return fmt::format("actors {} -> {}, operations {} -> {}, choices {} -> {}, steps {} -> {}, preemptions {} -> {}, "
                     "faults {} -> {}",
                     a.actors, b.actors, a.operations, b.operations, a.choices, b.choices, a.steps, b.steps,
                     a.preemptions, b.preemptions, a.faults, b.faults);
}

}  // namespace interleave::app
