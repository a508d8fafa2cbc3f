// interleave: find, replay and report races in the backend's services.
// The composition root: the one place that links every layer.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>
#include <exception>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.h"
#include "app/exit_codes.h"

int main(int argc, char** argv) {
  using namespace interleave::cli;
  CLI::App app("interleave: deterministic race hunting in the tenant backend's services", "interleave");
  app.require_subcommand(1);
  Command run;
  add_list_command(app, run);
  add_explore_command(app, run);
  add_replay_command(app, run);
  add_hunt_command(app, run);
  add_report_command(app, run);
  add_merge_command(app, run);
  add_export_command(app, run);
  add_isolation_command(app, run);
  // CLI11 would only say "A subcommand is required" for a misspelt one.
  std::vector<std::string> commands;
  for (const CLI::App* command : app.get_subcommands({})) commands.push_back(command->get_name());
  if (argc > 1 && argv[1][0] != '-' && std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
    fmt::print(stderr, "interleave: unknown command '{}' (expected one of {}; see --help)\n", argv[1],
               fmt::join(commands, ", "));
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);  // prints help, or the error with a hint
    return code == 0 ? kExitHolds : kExitBadInput;
  }
  try {
    return run();
  } catch (const CommandError& error) {
    fmt::print(stderr, "interleave: {}\n", error.message);
    return error.exit_code;
  } catch (const std::exception& error) {
    fmt::print(stderr, "interleave: internal error: {}\n", error.what());
    return kExitInfrastructure;
  }
}
