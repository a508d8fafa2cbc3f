#include "cli/help_formatter.h"

#include <string_view>

namespace interleave::cli {
namespace {

// "N" for a number, the choices for a closed set, else "TEXT"; CLI11's
// type names chain the type and each check with ':'.
std::string value_word(const std::string& type_name) {
  std::string_view rest = type_name;
  std::string first;
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view part = rest.substr(0, colon);
    if (part.starts_with("{")) return std::string(part);
    if (first.empty()) first = std::string(part);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  if (first.starts_with("UINT") || first.starts_with("INT") || first.starts_with("FLOAT")) return "N";
  return first;
}

}  // namespace

std::string HelpFormatter::make_option_name(const CLI::Option* option, bool is_positional) const {
  if (is_positional) return option->get_name(true, false);
  std::string names;
  for (const std::string& name : option->get_snames()) names += (names.empty() ? "-" : ", -") + name;
  for (const std::string& name : option->get_lnames()) names += (names.empty() ? "--" : ", --") + name;
  return names;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  // A flag has no type name: it takes no value.
  if (option->get_type_size() == 0 || option->get_type_name().empty()) return "";
  std::string opts = " " + value_word(option->get_type_name());
  if (option->get_expected_max() > 1) opts += " ...";
  if (option->get_required()) opts += " (required)";
  return opts;
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  std::string description = option->get_description();
  if (option->get_type_size() != 0 && !option->get_default_str().empty()) {
    description += " (default: " + option->get_default_str() + ")";
  }
  return description;
}

}  // namespace interleave::cli
