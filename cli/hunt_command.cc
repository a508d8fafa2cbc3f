// interleave hunt: the main job's flags and printing. app/hunt.h explores
// every scenario × variant of the catalogue, compares each verdict with the
// expected one and writes every failing trace and its reports (each with the
// Fix Verification of its scenario); this writes summary.json, its dashboard
// index.html and junit.xml, and prints the verdict table with the faults the
// schedules injected.
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
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli/choice_options.h"
#include "cli/commands.h"
#include "cli/version.h"
#include "app/exit_codes.h"
#include "app/exploration.h"
#include "app/hunt.h"
#include "cli/number_options.h"
#include "app/postgres_confirmation.h"
#include "app/run_files.h"
#include "app/strategy_registry.h"
#include "app/summary_reports.h"
#include "reports/variant_evidence.h"
#include "backends/pg/interruption.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

namespace {

using model::workflows::FaultKind;
using model::workflows::kFaultKinds;

// A million schedules per variant would take minutes per scenario; 100,000
// is what the catalogue's holding verdicts are claimed over.
constexpr std::uint64_t kHuntSchedules = 100'000;

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
    // Every core: variants are hunted side by side with one thread's result.
    ExplorationSettings settings{.strategy = "portfolio",
                                 .schedules = kHuntSchedules,
                                 .jobs = std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, kMaxJobs)};
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
  CLI::Option* jobs =
      command
          ->add_option("-j,--jobs", flags->settings.jobs,
                       "Variants hunted side by side, each on a thread of its own (default: the machine's cores, at "
                       "most 4 with --confirm-postgres); the result is the same for any number (a catalogue with a "
                       "Python service runs one at a time)")
          ->check(whole_number(1, kMaxJobs));
  command->add_flag("--confirm-postgres", flags->confirm_postgres,
                    "Replay every race's trace, and sampled schedules of every variant that holds, on a real "
                    "PostgreSQL in lockstep with the model");
  CLI::Option* dsn =
      command->add_option("--dsn", flags->dsn, "libpq connection string for --confirm-postgres (default: PG* variables)");
  command->add_option("--postgres-samples", flags->postgres_samples,
                      "--confirm-postgres: schedules of each holding variant replayed on the server")
      ->check(whole_number(1, 1'000))
      ->capture_default_str();
  command->callback([&run, flags, dsn, jobs] {
    if (dsn->count() > 0 && !flags->confirm_postgres) {
      throw CommandError{kExitBadInput, "--dsn is for --confirm-postgres; without it no server is used"};
    }
    // Each variant confirmed on the server holds a connection per actor:
    // on a many-core machine the default would outrun max_connections (100).
    if (flags->confirm_postgres && jobs->count() == 0) flags->settings.jobs = std::min(flags->settings.jobs, 4u);
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
      app::HuntSettings settings{.exploration = flags->settings,
                                 .out = flags->out,
                                 .catalogue_directory = flags->scenarios,
                                 .no_shrink = flags->no_shrink,
                                 .confirm_postgres = flags->confirm_postgres,
                                 .dsn = flags->dsn,
                                 .postgres_samples = flags->postgres_samples};
      app::hunt(catalogue, settings, [&](app::VariantHunt& hunted) {
        const scenarios::Scenario& scenario = *hunted.scenario;
        const ExploreResult& result = hunted.result;
        for (std::size_t kind = 0; kind < kFaultKinds; ++kind) total.faults[kind] += hunted.tally->faults[kind];
        total.schedules_with_faults += hunted.tally->schedules_with_faults;
        all_as_expected = all_as_expected && hunted.as_expected;
        std::string on_postgres;
        if (hunted.confirmation) {
          if (hunted.confirmation->status == Confirmation::Status::kServerFailed) {
            throw CommandError{kExitInfrastructure, fmt::format("{} {}: PostgreSQL failed: {}", scenario.name,
                                                                hunted.variant, hunted.confirmation->detail)};
          }
          any_divergence = any_divergence || hunted.confirmation->status == Confirmation::Status::kDiverges;
          on_postgres = hunted.confirmation->word();
        }
        if (!flags->json) {
          // A failing variant stops at its first violation, so its elapsed
          // time is the time to that violation.
          std::string first = result.first_failure_at ? fmt::format("{}", *result.first_failure_at) : "-";
          in_order([&] {
            columns.print(scenario.name, hunted.variant, hunted.verdict, scenario.expectation(hunted.variant)->text(),
                          fmt::format("{}", result.schedules_run), first, fmt::format("{:.3f}", result.elapsed_s),
                          hunted.as_expected ? "ok" : "UNEXPECTED", on_postgres, faults_text(scenario, *hunted.tally));
            if (hunted.row.contains("searches")) {
              fmt::print("  searched: {}\n", reports::searches_text(hunted.row["searches"]));
            }
          });
        }
        summary.push_back(std::move(hunted.row));
        ++finished;
        return true;
      });
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
