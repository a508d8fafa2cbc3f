// interleave replay TRACE: re-execute a trace's choices and compare every
// event; a difference is a divergence (exit 4), never silently replayed.
// With --backend postgres the db statements also run, in the same order, on
// a real server (backends/pg/server_mirror.h): the race is then proven there,
// or the model's fidelity divergence is shown with both sides.

#include <fmt/format.h>

#include "cli/choice_options.h"
#include "cli/commands.h"
#include "app/exit_codes.h"
#include "app/postgres_replay.h"
#include "app/run_files.h"
#include "app/trace_scenario.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"

namespace interleave::cli {

void add_replay_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string trace;
    std::string backend = "model";
    std::string dsn;
    std::string database;
    bool json = false;
    std::string scenarios = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("replay", "Re-run a trace bit for bit and check it still does the same");
  command->add_option("trace", flags->trace, "Trace file (trace.json)")->required();
  command->add_option("--backend", flags->backend,
                      "Where the db port runs: the model, or the model and a real PostgreSQL in lockstep")
      ->check(one_of({"model", "postgres"}))
      ->capture_default_str();
  CLI::Option* dsn =
      command->add_option("--dsn", flags->dsn, "libpq connection string for --backend postgres (default: PG* variables)");
  CLI::Option* database = command->add_option(
      "--database", flags->database,
      "Run in this existing database instead of creating one (--backend postgres): an empty one, or one an earlier "
      "run marked as its scratch database; emptied first, kept afterwards");
  command->add_flag("--json", flags->json, "Print the outcome as one JSON object");
  CLI::Option* scenarios_option =
      command->add_option("--scenarios", flags->scenarios,
                          "Folder of scenario files (default: the folder the trace was explored from)")
          ->capture_default_str();
  command->callback([&run, flags, dsn, database, scenarios_option] {
    if (dsn->count() > 0 && flags->backend != "postgres") {
      throw CommandError{kExitBadInput, "--dsn is for --backend postgres; without it no server is used"};
    }
    if (database->count() > 0 && flags->backend != "postgres") {
      throw CommandError{kExitBadInput, "--database is for --backend postgres; without it no server is used"};
    }
    if (database->count() > 0 && flags->database.empty()) {
      throw CommandError{kExitBadInput, "--database needs a database name (an empty database: createdb NAME)"};
    }
    run = [flags, scenarios_option] {
      Trace trace = load_trace_or_fail(flags->trace);
      // A trace explored from another folder (examples/python) is compared
      // with that folder's scenario, not the catalogue's of the same name.
      if (scenarios_option->count() == 0 && !trace.scenario_folder.empty()) flags->scenarios = trace.scenario_folder;
      // Said before anything else: it explains whatever follows, a trace
      // the changed scenario cannot run (bad input, on stderr) included.
      const std::optional<std::string> changed = scenario_change(trace, flags->scenarios);
      scenarios::Scenario scenario;
      try {
        // A shrunk trace carries its own, smaller scenario.
        scenario = scenario_for_trace(trace, flags->trace, flags->scenarios);
      } catch (const CommandError& error) {
        if (!changed) throw;
        throw CommandError{error.exit_code, fmt::format("{}: {}\n{}", flags->trace, *changed, error.message)};
      }
      if (changed && !flags->json) fmt::print("{}: {}\n", flags->trace, *changed);
      if (flags->backend == "postgres") {
        impl::pg::ServerMirror mirror({.dsn = flags->dsn, .database = flags->database});
        PostgresReplay result = replay_on_postgres(scenario, trace, mirror);
        if (flags->json) {
          nlohmann::ordered_json json = to_json(result);
          json["trace"] = flags->trace;
          if (changed) json["scenario_changed"] = *changed;
          fmt::print("{}\n", json.dump());
        } else if (result.failure || result.interrupted_by) {
          // Not an outcome of the trace: on stderr, as every command's errors.
          throw CommandError{exit_code(result), fmt::format("{}: {}", flags->trace, describe(result))};
        } else {
          fmt::print("{}: {}\n", flags->trace, describe(result));
        }
        return exit_code(result);
      }
      ReplayResult result = replay(scenarios::program_factory(scenario, trace.variant), trace);
      const Verdict& verdict = result.replayed.verdict;
      int code = result.divergence || result.reached_divergence_point ? kExitDivergence
                 : verdict.status == VerdictStatus::kHolds            ? kExitHolds
                                                                      : kExitViolation;
      if (flags->json) {
        nlohmann::ordered_json json{{"trace", flags->trace},
                                    {"scenario", trace.scenario},
                                    {"variant", trace.variant},
                                    {"verdict", to_string(verdict.status)},
                                    {"property", verdict.property},
                                    {"message", verdict.message},
                                    {"divergence", result.divergence ? nlohmann::ordered_json(*result.divergence)
                                                                     : nlohmann::ordered_json()},
                                    {"reached_divergence_point", result.reached_divergence_point}};
        if (changed) json["scenario_changed"] = *changed;
        fmt::print("{}\n", json.dump());
      } else if (result.divergence) {
        fmt::print("{}: divergence: {}\n", flags->trace, *result.divergence);
        if (const std::string hint = unchecked_scenario_hint(trace); !hint.empty()) {
          fmt::print("  {}\n", hint);
        }
      } else if (result.reached_divergence_point) {
        // Not a race: where the model and PostgreSQL disagreed when it was recorded.
        fmt::print("{}: the model replays the trace up to its fidelity divergence (step {}); PostgreSQL answered "
                   "otherwise there:\n  {}\n  replay it on the server: interleave replay {} --backend postgres\n",
                   flags->trace, verdict.step, verdict.message, flags->trace);
      } else {
        fmt::print("{}: reproduced {} {}\n  {}\n", flags->trace, to_string(verdict.status), verdict.property,
                   verdict.message);
      }
      return code;
    };
  });
}

}  // namespace interleave::cli
