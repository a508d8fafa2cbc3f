// interleave hunt: the main job. Explores every scenario × variant of the
// catalogue, compares each verdict with the expected one, writes every
// failing trace and its reports (each with the Fix Verification of its
// scenario), writes summary.json, its dashboard index.html and junit.xml,
// and prints the verdict table with the faults the schedules injected.
// With --confirm-postgres each verdict is also checked on a real server
// (postgres_confirmation.h) and the table gains a "postgres" column.
// Progress goes to stderr (progress_meter.h) unless --quiet or --json.
// Ctrl-C ends the hunt after writing summary.json, index.html and junit.xml
// for the variants that finished, each entry marked "run_interrupted".

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli/choice_options.h"
#include "cli/commands.h"
#include "cli/version.h"
#include "app/exit_codes.h"
#include "app/exploration.h"
#include "cli/number_options.h"
#include "app/postgres_confirmation.h"
#include "app/run_files.h"
#include "app/shrinking.h"
#include "app/strategy_registry.h"
#include "app/summary_reports.h"
#include "reports/variant_evidence.h"
#include "app/trace_scenario.h"
#include "backends/pg/interruption.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

namespace {

using model::workflows::FaultKind;
using model::workflows::kFaultKinds;

// A million schedules per variant would take minutes per scenario; 100,000
// is what the catalogue's holding verdicts are claimed over.
constexpr std::uint64_t kHuntSchedules = 100'000;

bool as_expected(const scenarios::Expectation& expected, const ExploreResult& result) {
  if (!result.trace) return expected.holds;
  const Verdict& verdict = result.trace->verdict;
  return verdict.status == VerdictStatus::kViolation && expected.accepts_failure_of(verdict.property);
}

std::string verdict_text(const ExploreResult& result) {
  if (!result.trace) return "holds";
  const Verdict& verdict = result.trace->verdict;
  return verdict.status == VerdictStatus::kViolation ? "fails " + verdict.property
                                                     : std::string(to_string(verdict.status));
}

// The race a variant showed, searched again by pct (depth 2) and dfs
// (preemption bound 2) under the same schedule budget: how many schedules
// each needed, for the dashboard's per-strategy chart.
// nullopt when Ctrl-C stopped one of them.
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

// "lost_activity_completion=12 service_unavailable=3", or "-".
std::string faults_text(const scenarios::Scenario& scenario, const scenarios::ScenarioTally& tally) {
  std::string text;
  for (const std::string& name : scenario.faults.kinds) {
    auto kind = static_cast<std::size_t>(*scenarios::fault_kind(name));
    text += fmt::format("{}{}={}", text.empty() ? "" : " ", name, tally.faults[kind]);
  }
  return text.empty() ? "-" : text;
}

// Column widths fitted to the catalogue. A mixed scenario's expectation
// listing several properties overflows its column rather than widening
// every row.
struct Columns {
  std::size_t scenario = 8;
  std::size_t variant = 7;
  std::size_t verdict = 22;

  explicit Columns(const std::vector<scenarios::Scenario>& catalogue) {
    for (const auto& entry : catalogue) {
      scenario = std::max(scenario, entry.name.size());
      for (const auto& expected : entry.expectations) {
        variant = std::max(variant, expected.variant.size());
        if (expected.other_properties.empty()) verdict = std::max(verdict, expected.text().size());
      }
    }
  }
  bool postgres = false;  // the --confirm-postgres column

  void print(std::string_view scenario_name, std::string_view variant_name, std::string_view verdict_text,
             std::string_view expected, std::string_view schedules, std::string_view first, std::string_view time,
             std::string_view mark, std::string_view on_postgres, std::string_view faults) const {
    fmt::print("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:>9}  {:>8}  {:>8}  {:<10}  ", scenario_name, scenario,
               variant_name, variant, verdict_text, verdict, expected, verdict, schedules, first, time, mark);
    if (postgres) fmt::print("{:<13}  ", on_postgres);
    fmt::print("{}\n", faults);
  }
};

}  // namespace

// The dashboard's run details (run.json): what ran, from which commit,
// when. The command is rebuilt from the options, so a --dsn (and its
// password) never appears in it.
template <typename Flags>
nlohmann::ordered_json run_details(const Flags& flags, std::chrono::system_clock::time_point started) {
  std::string command = fmt::format("interleave hunt --out {} --seed {} --schedules {}", flags.out,
                                    flags.settings.seed, flags.settings.schedules);
  if (flags.scenarios != scenarios::default_scenario_directory()) command += " --scenarios " + flags.scenarios;
  if (flags.no_shrink) command += " --no-shrink";
  if (flags.confirm_postgres) command += fmt::format(" --confirm-postgres --postgres-samples {}", flags.postgres_samples);
  return {{"command", command},
          {"seed", flags.settings.seed},
          {"schedules", flags.settings.schedules},
          {"started_at", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(started)))},
          {"version", version_text()}};
}

void add_hunt_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string out = "interleave-out";
    ExplorationSettings settings{.strategy = "portfolio", .schedules = kHuntSchedules};
    bool json = false;
    bool no_shrink = false;
    bool confirm_postgres = false;
    std::string dsn;
    std::uint64_t postgres_samples = 8;
    bool quiet = false;
    std::string scenarios = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "hunt",
      "Explore every scenario and variant; compare verdicts with the catalogue; write failing traces and reports.\n"
      "Exit 0 when every verdict is as expected, 1 when any differs, 2 on a bad scenario file, 3 on an "
      "infrastructure error (PostgreSQL unreachable), 4 when PostgreSQL answers otherwise than the model");
  command->add_option("--out", flags->out, "Folder for traces, reports and summary.json")->capture_default_str();
  command->add_option("--seed", flags->settings.seed, "Seed of the strategy")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  command->add_option("--strategy", flags->settings.strategy,
                      "portfolio: the schedules shared by random, pct (depths 1-3) and dfs (preemption bound 2); "
                      "holds only when none finds a violation")
      ->check(one_of(app::explore_strategy_names()))
      ->capture_default_str();
  command->add_option("--schedules", flags->settings.schedules, "Schedules per scenario variant at most")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  command->add_flag("--json", flags->json, "Print the summary as JSON instead of a table");
  command->add_flag("--quiet", flags->quiet, "No progress line on stderr");
  command->add_flag("--no-shrink", flags->no_shrink, "Save each violation as found, without shrinking it");
  command->add_option("--scenarios", flags->scenarios, "Folder of scenario files")->capture_default_str();
  command->add_option("-j,--jobs", flags->settings.jobs,
                      "Threads that run each variant's schedules side by side; the result is the same for any number")
      ->check(whole_number(1, kMaxJobs))
      ->capture_default_str();
  command->add_flag("--confirm-postgres", flags->confirm_postgres,
                    "Replay every race's trace, and sampled schedules of every variant that holds, on a real "
                    "PostgreSQL in lockstep with the model");
  CLI::Option* dsn =
      command->add_option("--dsn", flags->dsn, "libpq connection string for --confirm-postgres (default: PG* variables)");
  command->add_option("--postgres-samples", flags->postgres_samples,
                      "--confirm-postgres: schedules of each holding variant replayed on the server")
      ->check(whole_number(1, 1'000))
      ->capture_default_str();
  command->callback([&run, flags, dsn] {
    if (dsn->count() > 0 && !flags->confirm_postgres) {
      throw CommandError{kExitBadInput, "--dsn is for --confirm-postgres; without it no server is used"};
    }
    run = [flags] {
      const auto started = std::chrono::system_clock::now();
      auto catalogue = load_catalogue_or_fail(flags->scenarios);
      // Ctrl-C is noted, not fatal: the variants done so far are still written.
      impl::pg::InterruptionGuard interruption;
      flags->settings.stop_requested = [] { return impl::pg::interruption_signal() != 0; };
      std::optional<ProgressMeter> meter;
      if (!flags->json && !flags->quiet) meter.emplace(stderr);
      flags->settings.meter = meter ? &*meter : nullptr;
      const auto in_order = [&meter](const std::function<void()>& print) {
        if (meter) {
          meter->above(print);
        } else {
          print();
        }
      };
      std::size_t variants = 0, finished = 0;
      for (const auto& scenario : catalogue) variants += scenario.variants.size();
      nlohmann::ordered_json summary = nlohmann::ordered_json::array();
      bool all_as_expected = true;
      bool any_divergence = false;
      scenarios::ScenarioTally total;
      Columns columns(catalogue);
      columns.postgres = flags->confirm_postgres;
      if (!flags->json) {
        in_order([&] {
          columns.print("scenario", "variant", "verdict", "expected", "schedules", "first at", "time (s)", "",
                        "postgres", "faults");
        });
      }
      for (const auto& scenario : catalogue) {
        for (const std::string& variant : scenario.variants) {
          if (impl::pg::interruption_signal()) break;
          if (meter) meter->variant(finished + 1, variants, scenario.name + " " + variant);
          auto tally = std::make_shared<scenarios::ScenarioTally>();
          ExploreResult result = explore_variant(scenario, variant, flags->settings, tally);
          if (result.interrupted) break;  // an unfinished variant is not reported
          for (std::size_t kind = 0; kind < kFaultKinds; ++kind) total.faults[kind] += tally->faults[kind];
          total.schedules_with_faults += tally->schedules_with_faults;
          const auto& expected = *scenario.expectation(variant);
          std::string verdict = verdict_text(result);
          bool matches = as_expected(expected, result);
          all_as_expected = all_as_expected && matches;
          if (meter && result.trace && !flags->no_shrink) meter->phase("shrink", 0);
          auto shrunk = flags->no_shrink ? std::nullopt : shrink_found_violation(scenario, variant, result);
          auto row = summary_json(scenario, variant, flags->settings, result, tally.get());
          if (shrunk) row["shrunk"] = shrink_json(*shrunk);
          if (result.first_failure_at) {
            auto searches = other_strategies(scenario, variant, flags->settings);
            if (!searches) break;
            row["other_strategies"] = std::move(*searches);
          }
          row["expected"] = expected.text();
          row["as_expected"] = matches;
          if (result.trace) {
            auto folder = std::filesystem::path(flags->out) / scenario.name / variant;
            embed_scenario(*result.trace, scenario, flags->scenarios);
            row["trace"] = write_trace_and_report(*result.trace, folder.string());
          }
          std::string on_postgres;
          if (flags->confirm_postgres) {
            if (meter) meter->phase("postgres", 0);
            // A shrunk trace runs the smaller scenario it carries.
            const Confirmation confirmation =
                result.trace
                    ? confirm_race(scenario_for_trace(*result.trace, row["trace"], flags->scenarios), *result.trace,
                                   flags->dsn)
                    : confirm_holds(scenario, variant, flags->settings.seed, flags->postgres_samples, flags->dsn);
            // The run's connections are closed and its database dropped.
            if (impl::pg::interruption_signal()) break;
            if (confirmation.status == Confirmation::Status::kServerFailed) {
              throw CommandError{kExitInfrastructure,
                                 fmt::format("{} {}: PostgreSQL failed: {}", scenario.name, variant, confirmation.detail)};
            }
            any_divergence = any_divergence || confirmation.status == Confirmation::Status::kDiverges;
            row["postgres"] = confirmation.to_json();
            on_postgres = confirmation.word();
          }
          if (!flags->json) {
            // A failing variant stops at its first violation, so its elapsed
            // time is the time to that violation.
            std::string first = result.first_failure_at ? fmt::format("{}", *result.first_failure_at) : "-";
            in_order([&] {
              columns.print(scenario.name, variant, verdict, expected.text(), fmt::format("{}", result.schedules_run),
                            first, fmt::format("{:.3f}", result.elapsed_s), matches ? "ok" : "UNEXPECTED",
                            on_postgres, faults_text(scenario, *tally));
              if (row.contains("searches")) fmt::print("  searched: {}\n", reports::searches_text(row["searches"]));
            });
          }
          summary.push_back(std::move(row));
          ++finished;
        }
      }
      meter.reset();  // the progress line gives way to the results
      const int signal = impl::pg::interruption_signal();
      if (signal) {
        for (auto& row : summary) row["run_interrupted"] = true;
      }
      create_folder(flags->out);
      write_file((std::filesystem::path(flags->out) / "summary.json").string(), summary.dump(2) + "\n");
      write_file((std::filesystem::path(flags->out) / "run.json").string(), run_details(*flags, started).dump(2) + "\n");
      write_fix_verification(flags->out);
      write_dashboard(flags->out);
      write_junit(flags->out);
      if (signal) {
        throw CommandError{128 + signal,
                           fmt::format("interrupted after {} of {} variants; summary.json, index.html and junit.xml "
                                       "in {} cover those {}",
                                       finished, variants, flags->out, finished)};
      }
      if (flags->json) {
        fmt::print("{}\n", summary.dump());
      } else {
        std::string faults;
        for (std::size_t kind = 0; kind < kFaultKinds; ++kind) {
          faults += fmt::format("{}{} {}", faults.empty() ? "" : ", ",
                                scenarios::fault_kind_name(static_cast<FaultKind>(kind)), total.faults[kind]);
        }
        fmt::print("faults injected: {} (in {} schedules)\n", faults, total.schedules_with_faults);
        fmt::print("{}; traces and reports in {}\n",
                   all_as_expected ? "every verdict as the catalogue expects" : "some verdicts differ from the catalogue",
                   flags->out);
        if (any_divergence) fmt::print("PostgreSQL answered otherwise than the model: see the postgres column\n");
      }
      if (any_divergence) return kExitDivergence;
      return all_as_expected ? kExitHolds : kExitViolation;
    };
  });
}

}  // namespace interleave::cli
