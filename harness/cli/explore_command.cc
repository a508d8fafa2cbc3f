// interleave explore SCENARIO: run many schedules of one variant, stop at the
// first violation, write its trace and report.

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/exploration.h"
#include "harness/cli/run_files.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

void add_explore_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string scenario;
    std::string variant = "seed";
    ExplorationSettings settings;
    std::string out;
    bool json = false;
    std::string scenarios = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("explore", "Explore schedules of one scenario variant until a property fails");
  command->add_option("scenario", flags->scenario, "Scenario name (see `interleave list`)")->required();
  command->add_option("--variant", flags->variant, "Variant of the service")->capture_default_str();
  command->add_option("--strategy", flags->settings.strategy, "Scheduling strategy")
      ->check(CLI::IsMember({"random", "pct"}))
      ->capture_default_str();
  command->add_option("--depth", flags->settings.depth, "pct: the bug depth d (d-1 priority change points)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  command->add_option("--seed", flags->settings.seed, "Seed of the strategy")->capture_default_str();
  command->add_option("--schedules", flags->settings.schedules, "Schedules to run at most")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--max-steps", flags->settings.max_steps, "Steps per schedule before it counts as a livelock")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--out", flags->out, "Folder for the failing trace (trace.json) and its report (report.md)");
  command->add_flag("--json", flags->json, "Print one JSON object with the run's statistics");
  command->add_option("--scenarios", flags->scenarios, "Folder of scenario files")->capture_default_str();
  command->callback([&run, flags] {
    run = [flags] {
      auto catalogue = load_catalogue_or_fail(flags->scenarios);
      const auto& scenario = scenario_or_fail(catalogue, flags->scenario);
      check_variant_or_fail(scenario, flags->variant);
      flags->settings.progress = !flags->json;
      ExploreResult result = explore_variant(scenario, flags->variant, flags->settings);
      auto summary = summary_json(scenario, flags->variant, flags->settings, result);
      if (result.trace && !flags->out.empty()) {
        summary["trace"] = write_trace_and_report(*result.trace, flags->out);
      }
      if (flags->json) {
        fmt::print("{}\n", summary.dump());
      } else if (result.trace) {
        const Verdict& verdict = result.trace->verdict;
        fmt::print("{} {}: {} {} at schedule {} of {} ({:.2f} s)\n  {}\n", scenario.name, flags->variant,
                   to_string(verdict.status), verdict.property, *result.first_failure_at, result.schedules_run,
                   result.elapsed_s, verdict.message);
        if (summary.contains("trace")) fmt::print("  trace: {}\n", summary["trace"].get<std::string>());
      } else {
        fmt::print("{} {}: every property held over {} schedules ({:.2f} s, {:.0f} schedules/s)\n", scenario.name,
                   flags->variant, result.schedules_run, result.elapsed_s,
                   summary["schedules_per_s"].get<double>());
      }
      return result.trace ? kExitViolation : kExitHolds;
    };
  });
}

}  // namespace interleave::cli
