// interleave fidelity [SCENARIO...]: lockstep fuzzing of the model against
// a real PostgreSQL (app/fidelity_run.h), every variant of the catalogue or
// of the named scenarios. Prints one line per variant; writes the first
// divergence of each variant (trace and report) under --out. Exit 4 when
// any variant diverged, 3 when the server failed.

#include <limits>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "app/fidelity_run.h"
#include "app/strategy_registry.h"
#include "app/run_files.h"
#include "cli/commands.h"
#include "cli/number_options.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

void add_fidelity_command(CLI::App& app, Command& run) {
  struct Flags {
    std::vector<std::string> scenarios;
    ExplorationSettings settings;
    std::string out = "fidelity";
    std::string dsn;
    bool json = false;
    bool no_shrink = false;
    std::string catalogue = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  flags->settings.schedules = 30;
  CLI::App* command = app.add_subcommand(
      "fidelity", "Run schedules of every variant on the model and a real PostgreSQL in lockstep; report divergences");
  command->add_option("scenario", flags->scenarios, "Scenario names (default: the whole catalogue)");
  command->add_option("--schedules", flags->settings.schedules, "Schedules per variant")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  command->add_option("--strategy", flags->settings.strategy, "Scheduling strategy")
      ->check(CLI::IsMember(app::strategy_names(/*server=*/true)))
      ->capture_default_str();
  command->add_option("--seed", flags->settings.seed, "Seed of the strategy")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  command->add_option("--out", flags->out, "Folder for each variant's first divergence (DIR/SCENARIO/VARIANT/)")
      ->capture_default_str();
  command->add_option("--dsn", flags->dsn, "libpq connection string (default: PG* variables)");
  command->add_flag("--json", flags->json, "Print one JSON object per variant");
  command->add_flag("--no-shrink", flags->no_shrink, "Save each first divergence as found, without shrinking it");
  command->add_option("--scenarios", flags->catalogue, "Folder of scenario files")->capture_default_str();
  command->callback([&run, flags] {
    run = [flags] {
      const auto catalogue = load_catalogue_or_fail(flags->catalogue);
      std::vector<const scenarios::Scenario*> chosen;
      for (const std::string& name : flags->scenarios) chosen.push_back(&scenario_or_fail(catalogue, name));
      if (chosen.empty()) {
        for (const scenarios::Scenario& scenario : catalogue) chosen.push_back(&scenario);
      }
      std::uint64_t divergences = 0;
      for (const scenarios::Scenario* scenario : chosen) {
        for (const std::string& variant : scenario->variants) {
          FidelityVariant result = run_fidelity(*scenario, variant, flags->settings, flags->dsn, !flags->no_shrink);
          divergences += result.divergences;
          std::string trace_path;
          if (result.first_divergence) {
            trace_path = write_trace_and_report(*result.first_divergence,
                                                fmt::format("{}/{}/{}", flags->out, scenario->name, variant));
          }
          if (flags->json) {
            nlohmann::ordered_json json{{"scenario", result.scenario},
                                        {"variant", result.variant},
                                        {"strategy", flags->settings.strategy},
                                        {"seed", flags->settings.seed},
                                        {"schedules", result.schedules},
                                        {"not_followable", result.not_followable},
                                        {"not_followable_reason", result.not_followable_reason
                                                                      ? nlohmann::ordered_json(*result.not_followable_reason)
                                                                      : nlohmann::ordered_json()},
                                        {"races", result.races},
                                        {"divergences", result.divergences},
                                        {"trace", trace_path.empty() ? nlohmann::ordered_json()
                                                                     : nlohmann::ordered_json(trace_path)},
                                        {"first_divergence", result.first_divergence
                                                                 ? nlohmann::ordered_json(result.first_divergence->verdict.message)
                                                                 : result.first_divergence_message
                                                                       ? nlohmann::ordered_json(*result.first_divergence_message)
                                                                       : nlohmann::ordered_json()},
                                        {"shrink", result.shrink ? shrink_json(*result.shrink)
                                                                 : nlohmann::ordered_json()},
                                        {"shrink_failed", result.shrink_failed
                                                              ? nlohmann::ordered_json(*result.shrink_failed)
                                                              : nlohmann::ordered_json()},
                                        {"elapsed_s", result.elapsed_s}};
            fmt::print("{}\n", json.dump());
            continue;
          }
          fmt::print("{} {}: {} schedules, {} not followable, {} with a race, {} divergences ({:.1f} s)\n",
                     result.scenario, result.variant, result.schedules, result.not_followable, result.races,
                     result.divergences, result.elapsed_s);
          if (result.not_followable_reason) fmt::print("  not followable, e.g.: {}\n", *result.not_followable_reason);
          if (result.first_divergence) {
            fmt::print("  first divergence: {}\n  trace: {}\n", result.first_divergence->verdict.message, trace_path);
          } else if (result.first_divergence_message) {
            fmt::print("  first divergence: {}\n", *result.first_divergence_message);
          }
          if (result.shrink) fmt::print("  shrunk: {}\n", shrink_text(*result.shrink));
          if (result.shrink_failed) fmt::print("  not shrunk: {}\n", *result.shrink_failed);
        }
      }
      return divergences > 0 ? kExitDivergence : kExitHolds;
    };
  });
}

}  // namespace interleave::cli
