// interleave hunt: the main job. Explores every scenario × variant of the
// catalogue, compares each verdict with the expected one, writes every
// failing trace and its report, and prints the verdict table.

#include <filesystem>

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/exploration.h"
#include "harness/cli/run_files.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

namespace {

std::string expected_text(const scenarios::Expectation& expected) {
  return expected.holds ? "holds" : "fails " + expected.property;
}

std::string verdict_text(const ExploreResult& result) {
  if (!result.trace) return "holds";
  const Verdict& verdict = result.trace->verdict;
  return verdict.status == VerdictStatus::kViolation ? "fails " + verdict.property
                                                     : std::string(to_string(verdict.status));
}

}  // namespace

void add_hunt_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string out = "interleave-out";
    ExplorationSettings settings;
    bool json = false;
    std::string scenarios = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command =
      app.add_subcommand("hunt", "Explore every scenario and variant; compare verdicts with the catalogue");
  command->add_option("--out", flags->out, "Folder for traces, reports and summary.json")->capture_default_str();
  command->add_option("--seed", flags->settings.seed, "Seed of the strategy")->capture_default_str();
  command->add_option("--schedules", flags->settings.schedules, "Schedules per scenario variant at most")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_flag("--json", flags->json, "Print the summary as JSON instead of a table");
  command->add_option("--scenarios", flags->scenarios, "Folder of scenario files")->capture_default_str();
  command->callback([&run, flags] {
    run = [flags] {
      auto catalogue = load_catalogue_or_fail(flags->scenarios);
      flags->settings.progress = !flags->json;
      nlohmann::ordered_json summary = nlohmann::ordered_json::array();
      bool all_as_expected = true;
      if (!flags->json) {
        fmt::print("{:<20} {:<8} {:<22} {:<22} {:>10} {:>14}  {}\n", "scenario", "variant", "verdict", "expected",
                   "schedules", "first failure", "");
      }
      for (const auto& scenario : catalogue) {
        for (const std::string& variant : scenario.variants) {
          ExploreResult result = explore_variant(scenario, variant, flags->settings);
          const auto& expected = *scenario.expectation(variant);
          std::string verdict = verdict_text(result);
          bool as_expected = verdict == expected_text(expected);
          all_as_expected = all_as_expected && as_expected;
          auto row = summary_json(scenario, variant, flags->settings, result);
          row["expected"] = expected_text(expected);
          row["as_expected"] = as_expected;
          if (result.trace) {
            auto folder = std::filesystem::path(flags->out) / scenario.name / variant;
            row["trace"] = write_trace_and_report(*result.trace, folder.string());
          }
          if (!flags->json) {
            std::string first = result.first_failure_at ? fmt::format("{}", *result.first_failure_at) : "-";
            fmt::print("{:<20} {:<8} {:<22} {:<22} {:>10} {:>14}  {}\n", scenario.name, variant, verdict,
                       expected_text(expected), result.schedules_run, first, as_expected ? "ok" : "UNEXPECTED");
          }
          summary.push_back(std::move(row));
        }
      }
      create_folder(flags->out);
      write_file((std::filesystem::path(flags->out) / "summary.json").string(), summary.dump(2) + "\n");
      if (flags->json) {
        fmt::print("{}\n", summary.dump());
      } else {
        fmt::print("{}; traces and reports in {}\n",
                   all_as_expected ? "every verdict as the catalogue expects" : "some verdicts differ from the catalogue",
                   flags->out);
      }
      return all_as_expected ? kExitHolds : kExitViolation;
    };
  });
}

}  // namespace interleave::cli
