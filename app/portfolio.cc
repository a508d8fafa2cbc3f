#include "app/portfolio.h"

#include <algorithm>

#include "app/strategy_registry.h"

namespace interleave::app {

namespace {

nlohmann::ordered_json search_json(const PortfolioShare& share, const ExplorationSettings& settings,
                                   const ExploreResult& result) {
  nlohmann::ordered_json json;
  json["strategy"] = share.strategy;
  strategy_entry(settings.strategy).describe(settings, json);
  json["budget"] = settings.schedules;
  json["schedules"] = result.schedules_run;
  json["violations"] = result.violations;
  json["first_violation_at"] =
      result.first_failure_at ? nlohmann::ordered_json(*result.first_failure_at) : nlohmann::ordered_json();
  if (strategy_entry(settings.strategy).exhaustive) {
    json["abandoned"] = result.schedules_abandoned;
    json["exhausted"] = result.strategy_statistics.value("exhausted", false);
  }
  return json;
}

}  // namespace

ExploreResult explore_portfolio(const scenarios::Scenario& scenario, const std::string& variant,
                                const ExplorationSettings& settings,
                                std::shared_ptr<scenarios::ScenarioTally> tally) {
  ExploreResult total;
  nlohmann::ordered_json searches = nlohmann::ordered_json::array();
  nlohmann::ordered_json found_by;
  for (const PortfolioShare& share : kPortfolio) {
    ExplorationSettings part = settings;
    part.strategy = share.strategy;
    if (share.depth > 0) part.depth = share.depth;
    part.schedules = std::max<std::uint64_t>(1, settings.schedules / 8 * share.eighths +
                                                    settings.schedules % 8 * share.eighths / 8);
    ExploreResult result = explore_variant(scenario, variant, part, tally);
    searches.push_back(search_json(share, part, result));
    total.schedules_run += result.schedules_run;
    total.schedules_abandoned += result.schedules_abandoned;
    total.schedules_not_replayable += result.schedules_not_replayable;
    total.violations += result.violations;
    total.elapsed_s += result.elapsed_s;
    if (result.trace && !total.trace) {
      found_by = std::string(share.strategy) + (share.depth > 0 ? " d" + std::to_string(share.depth) : "");
      total.first_failure_at = result.first_failure_at;
      total.trace = std::move(result.trace);
    }
    if (result.interrupted) {
      total.interrupted = true;
      break;
    }
    if (total.trace && !settings.keep_going) break;
  }
  total.strategy_statistics = {{"searches", std::move(searches)}, {"found_by", std::move(found_by)}};
  return total;
}

}  // namespace interleave::app
