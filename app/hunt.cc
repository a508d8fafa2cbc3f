#include "app/hunt.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "app/run_files.h"
#include "app/shrinking.h"
#include "app/trace_scenario.h"
#include "scenarios/operations.h"

namespace interleave::app {

namespace {

bool as_expected(const scenarios::Expectation& expected, const ExploreResult& result) {
  if (!result.trace) return expected.holds;
  const Verdict& verdict = result.trace->verdict;
  return verdict.status == VerdictStatus::kViolation && expected.accepts_failure_of(verdict.property);
}

bool stop_requested(const ExplorationSettings& settings) {
  return settings.stop_requested && settings.stop_requested();
}

// The race a variant showed, searched again by pct (depth 2) and dfs
// (preemption bound 2) under the same schedule budget: how many schedules
// each needed, for the dashboard's per-strategy chart. nullopt when a stop
// cut one of them short.
std::optional<nlohmann::ordered_json> other_strategies(const scenarios::Scenario& scenario, const std::string& variant,
                                                       const ExplorationSettings& random_settings) {
  nlohmann::ordered_json searches = nlohmann::ordered_json::array();
  for (const char* strategy : {"pct", "dfs"}) {
    ExplorationSettings settings = random_settings;
    settings.strategy = strategy;
    settings.depth = 2;
    settings.preemption_bound = 2;
    const ExploreResult result = explore_variant(scenario, variant, settings);
    if (result.interrupted) return std::nullopt;
    searches.push_back({{"strategy", strategy},
                        {"schedules", result.schedules_run},
                        {"first_violation_at", result.first_failure_at ? nlohmann::ordered_json(*result.first_failure_at)
                                                                       : nlohmann::ordered_json()}});
  }
  return searches;
}

// One variant's hunt; nullopt when a stop cut it short.
std::optional<VariantHunt> hunt_variant(const scenarios::Scenario& scenario, const std::string& variant,
                                        const HuntSettings& settings) {
  const ExplorationSettings& exploration = settings.exploration;
  ProgressMeter* meter = exploration.meter;
  VariantHunt hunted{.scenario = &scenario, .variant = variant};
  hunted.tally = std::make_shared<scenarios::ScenarioTally>();
  hunted.result = explore_variant(scenario, variant, exploration, hunted.tally);
  ExploreResult& result = hunted.result;  // shrinking replaces its trace
  if (result.interrupted) return std::nullopt;
  const scenarios::Expectation& expected = *scenario.expectation(variant);
  hunted.verdict = verdict_text(result);
  hunted.as_expected = as_expected(expected, result);
  if (meter && result.trace && !settings.no_shrink) meter->phase("shrink", 0);
  auto shrunk = settings.no_shrink ? std::nullopt : shrink_found_violation(scenario, variant, result);
  nlohmann::ordered_json& row = hunted.row;
  row = summary_json(scenario, variant, exploration, result, hunted.tally.get());
  if (shrunk) row["shrunk"] = shrink_json(*shrunk);
  if (result.first_failure_at) {
    auto searches = other_strategies(scenario, variant, exploration);
    if (!searches) return std::nullopt;
    row["other_strategies"] = std::move(*searches);
  }
  row["expected"] = expected.text();
  row["as_expected"] = hunted.as_expected;
  if (result.trace) {
    auto folder = std::filesystem::path(settings.out) / scenario.name / variant;
    embed_scenario(*result.trace, scenario, settings.catalogue_directory);
    row["trace"] = write_trace_and_report(*result.trace, folder.string());
  }
  if (settings.confirm_postgres) {
    if (meter) meter->phase("postgres", 0);
    // A shrunk trace runs the smaller scenario it carries.
    hunted.confirmation =
        result.trace
            ? confirm_race(scenario_for_trace(*result.trace, row["trace"], settings.catalogue_directory),
                           *result.trace, settings.dsn)
            : confirm_holds(scenario, variant, exploration.seed, settings.postgres_samples, settings.dsn);
    // The run's connections are closed and its database dropped.
    if (stop_requested(exploration)) return std::nullopt;
    row["postgres"] = hunted.confirmation->to_json();
  }
  return hunted;
}

bool runs_python(const std::vector<scenarios::Scenario>& catalogue) {
  return std::any_of(catalogue.begin(), catalogue.end(),
                     [](const scenarios::Scenario& scenario) { return scenarios::runs_python(scenario); });
}

struct Variant {
  const scenarios::Scenario* scenario;
  const std::string* name;
};

// Variants on `jobs` threads, each taking the next one in catalogue order;
// the calling thread takes their hunts in that order. Stopping (or leaving
// by an exception) lets no thread begin another variant and cuts the ones
// running short through stop_requested.
class VariantPool {
 public:
  VariantPool(const std::vector<Variant>& variants, const HuntSettings& settings, unsigned jobs)
      : variants_(variants), settings_(settings), slots_(variants.size()) {
    settings_.exploration.meter = nullptr;  // one line cannot show several variants' progress
    settings_.exploration.jobs = 1;
    const std::function<bool()> outer = settings.exploration.stop_requested;
    settings_.exploration.stop_requested = [this, outer] { return stopping_.load() || (outer && outer()); };
    for (unsigned i = 0; i < jobs; ++i) threads_.emplace_back([this] { work(); });
  }
  ~VariantPool() {
    stopping_ = true;
    for (std::thread& thread : threads_) thread.join();
  }
  VariantPool(const VariantPool&) = delete;
  VariantPool& operator=(const VariantPool&) = delete;

  // The hunt of variant `index`, once done; nullopt when it was cut short.
  std::optional<VariantHunt> take(std::size_t index) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return slots_[index].ready; });
    Slot& slot = slots_[index];
    if (slot.error) std::rethrow_exception(slot.error);
    return std::move(slot.hunted);
  }

 private:
  struct Slot {
    bool ready = false;
    std::optional<VariantHunt> hunted;
    std::exception_ptr error;
  };

  void work() {
    for (;;) {
      std::size_t index = 0;
      {
        std::lock_guard lock(mutex_);
        if (next_ == variants_.size()) return;
        index = next_++;
      }
      Slot slot{.ready = true};
      if (!stopping_) {
        try {
          slot.hunted = hunt_variant(*variants_[index].scenario, *variants_[index].name, settings_);
        } catch (...) {
          slot.error = std::current_exception();
        }
      }
      std::lock_guard lock(mutex_);
      slots_[index] = std::move(slot);
      done_.notify_all();
    }
  }

  const std::vector<Variant>& variants_;
  HuntSettings settings_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::size_t next_ = 0;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace

std::string verdict_text(const ExploreResult& result) {
  if (!result.trace) return "holds";
  const Verdict& verdict = result.trace->verdict;
  return verdict.status == VerdictStatus::kViolation ? "fails " + verdict.property
                                                     : std::string(to_string(verdict.status));
}

void hunt(const std::vector<scenarios::Scenario>& catalogue, const HuntSettings& settings,
          const std::function<bool(VariantHunt&)>& hunted) {
  std::vector<Variant> variants;
  for (const scenarios::Scenario& scenario : catalogue) {
    for (const std::string& variant : scenario.variants) variants.push_back({&scenario, &variant});
  }
  const unsigned jobs =
      runs_python(catalogue) ? 1 : static_cast<unsigned>(std::min<std::size_t>(settings.exploration.jobs, variants.size()));
  ProgressMeter* meter = settings.exploration.meter;
  if (jobs <= 1) {
    HuntSettings one_at_a_time = settings;
    // A single variant keeps its threads for its own exploration.
    if (variants.size() > 1) one_at_a_time.exploration.jobs = 1;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      if (stop_requested(settings.exploration)) return;
      if (meter) meter->variant(i + 1, variants.size(), variants[i].scenario->name + " " + *variants[i].name);
      std::optional<VariantHunt> done = hunt_variant(*variants[i].scenario, *variants[i].name, one_at_a_time);
      if (!done || !hunted(*done)) return;
    }
    return;
  }
  VariantPool pool(variants, settings, jobs);
  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (meter) {
      meter->variant(i + 1, variants.size(), variants[i].scenario->name + " " + *variants[i].name);
      meter->phase(fmt::format("hunting, {} variants at a time", jobs), 0);
    }
    std::optional<VariantHunt> done = pool.take(i);
    if (!done || !hunted(*done)) return;
  }
}

}  // namespace interleave::app
