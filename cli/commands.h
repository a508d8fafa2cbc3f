#pragma once
// The subcommands of `interleave`. Each registers its flags on the app and
// returns the function that runs it and yields the exit code.

#include <functional>

#include <CLI/CLI.hpp>

#include "app/exit_codes.h"

namespace interleave::cli {

// The command layer is a thin shell over the use cases of app/: flags in,
// printing and exit codes out.
using namespace ::interleave::app;

using Command = std::function<int()>;

void add_list_command(CLI::App& app, Command& run);
void add_explore_command(CLI::App& app, Command& run);
void add_replay_command(CLI::App& app, Command& run);
void add_hunt_command(CLI::App& app, Command& run);
void add_report_command(CLI::App& app, Command& run);
void add_merge_command(CLI::App& app, Command& run);
void add_export_command(CLI::App& app, Command& run);
void add_help_command(CLI::App& app, Command& run);
void add_fidelity_command(CLI::App& app, Command& run);
void add_isolation_command(CLI::App& app, Command& run);

}  // namespace interleave::cli
