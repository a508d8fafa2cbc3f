// interleave help [COMMAND]: the app's help, or one command's, as --help
// prints it; a misspelt command gets the nearest name.

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/unknown_words.h"

namespace interleave::cli {

void add_help_command(CLI::App& app, Command& run) {
  auto topic = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("help", "Show the commands, or one command's options");
  command->add_option("command", *topic, "The command to explain");
  command->callback([&app, &run, topic] {
    run = [&app, topic] {
      if (topic->empty()) {
        // app.help() would show the selected subcommand's, this one's.
        fmt::print("{}", app.get_formatter()->make_help(&app, "interleave", CLI::AppFormatMode::Normal));
        return kExitHolds;
      }
      for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name() == *topic) {
          fmt::print("{}", sub->help("interleave"));
          return kExitHolds;
        }
      }
      throw CommandError{kExitBadInput, "help: " + unknown_command_message(app, *topic)};
    };
  });
}

}  // namespace interleave::cli
