#include "cli/unknown_words.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "harness/nearest_name.h"

namespace interleave::cli {
namespace {

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// "-j4" and "--out=DIR" name "-j" and "--out".
std::string option_word(const std::string& word) {
  if (word.starts_with("--")) return word.substr(0, word.find('='));
  return word.substr(0, 2);
}

// A word the parser reads as an option: "-1" is a negative number, "-" a file.
bool looks_like_option(const std::string& word) {
  return word.size() >= 2 && word[0] == '-' && (word[1] == '-' || std::isalpha(static_cast<unsigned char>(word[1])));
}

std::optional<std::string> unknown_option(const CLI::App& command, const std::vector<std::string>& words,
                                          const std::string& where, const std::string& help) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--") break;  // what follows is positional
    if (!looks_like_option(words[i])) continue;
    const std::string name = option_word(words[i]);
    const CLI::Option* option = command.get_option_no_throw(name);
    if (!option) {
      return fmt::format("{} has no option '{}'{} (see {})", where, name, did_you_mean(name, option_names(command)),
                         help);
    }
    // The value of `--dsn -x` is not an option.
    const bool value_follows = option->get_type_size() != 0 && words[i].find('=') == std::string::npos &&
                               (name.starts_with("--") || words[i].size() == 2);
    if (value_follows) ++i;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
  return names;
}

std::string unknown_command_message(const CLI::App& app, const std::string& word) {
  const std::vector<std::string> names = command_names(app);
  return fmt::format("unknown command '{}'{} (commands: {}; see interleave help)", word, did_you_mean(word, names),
                     name_list(names));
}

std::optional<std::string> unknown_word_message(const CLI::App& app, const std::vector<std::string>& arguments) {
  if (arguments.empty()) return std::nullopt;
  if (looks_like_option(arguments[0])) return unknown_option(app, arguments, "interleave", "interleave help");
  const std::vector<std::string> names = command_names(app);
  if (std::find(names.begin(), names.end(), arguments[0]) == names.end()) {
    return unknown_command_message(app, arguments[0]);
  }
  const CLI::App* command = app.get_subcommand(arguments[0]);
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  return unknown_option(*command, rest, arguments[0], "interleave help " + arguments[0]);
}

}  // namespace interleave::cli
