#include "reports/reproduce.h"

#include <algorithm>
#include <cctype>

namespace interleave::reports {

// Quoted only when needed, so that the common case stays readable and a
// path with spaces still pastes into a shell unchanged.
std::string shell_word(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string replay_command(std::string_view trace_path) { return "interleave replay " + shell_word(trace_path); }

std::string postgres_replay_command(std::string_view trace_path) {
  return replay_command(trace_path) + " --backend postgres";
}

}  // namespace interleave::reports
