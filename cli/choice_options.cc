#include "cli/choice_options.h"

#include <algorithm>

#include <fmt/format.h>

#include "harness/nearest_name.h"

namespace interleave::cli {

CLI::Validator one_of(std::vector<std::string> choices) {
  // The type name the help shows: "{random,pct,dfs}".
  std::string shown;
  for (const std::string& choice : choices) shown += (shown.empty() ? "" : ",") + choice;
  return CLI::Validator(
      [choices](std::string& text) -> std::string {
        if (std::find(choices.begin(), choices.end(), text) != choices.end()) return {};
        return fmt::format("'{}' is not one of {}{}", text, name_list(choices), did_you_mean(text, choices));
      },
      "{" + shown + "}");
}

}  // namespace interleave::cli
