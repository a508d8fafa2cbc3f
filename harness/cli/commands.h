#pragma once
// The subcommands of `interleave`. Each registers its flags on the app and
// returns the function that runs it and yields the exit code.

#include <functional>

#include <CLI/CLI.hpp>

namespace interleave::cli {

using Command = std::function<int()>;

// Failures a command reports with an exit code; main prints the message.
struct CommandError {
  int exit_code;
  std::string message;
};

void add_list_command(CLI::App& app, Command& run);
void add_explore_command(CLI::App& app, Command& run);
void add_replay_command(CLI::App& app, Command& run);
void add_hunt_command(CLI::App& app, Command& run);
void add_report_command(CLI::App& app, Command& run);
void add_merge_command(CLI::App& app, Command& run);
void add_export_command(CLI::App& app, Command& run);

}  // namespace interleave::cli
