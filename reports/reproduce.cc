#include "reports/reproduce.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

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

std::string explore_command(const TraceRecord& trace, std::uint64_t schedules) {
  std::string command =
      fmt::format("interleave explore {} --variant {} --strategy {} --seed {} --schedules {}", shell_word(trace.scenario),
                  shell_word(trace.variant), shell_word(trace.strategy), trace.seed, schedules);
  if (!trace.scenario_folder.empty()) command += " --scenarios " + shell_word(trace.scenario_folder);
  return command;
}

}  // namespace interleave::reports
