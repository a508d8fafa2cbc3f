#pragma once
// The words of a command line CLI11 would reject without saying what was
// meant ("The following arguments were not expected: 100 --schedule"),
// caught before it parses: an unknown command or option gets a message
// naming it, the nearest known one, and where the known ones are listed.
//
// Example:
//   interleave hunt --schedule 100
//   → "hunt has no option '--schedule'; did you mean '--schedules'? (see interleave help hunt)"

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace interleave::cli {

// The names of the app's commands, in the order they were added.
std::vector<std::string> command_names(const CLI::App& app);

// "unknown command 'hnut'; did you mean 'hunt'? (commands: list, ...; see interleave help)".
std::string unknown_command_message(const CLI::App& app, const std::string& word);

// The message for the first unknown command or option of `arguments`
// (argv without the program name), or nullopt when every one is known.
std::optional<std::string> unknown_word_message(const CLI::App& app, const std::vector<std::string>& arguments);

}  // namespace interleave::cli
