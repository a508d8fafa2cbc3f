#include "app/schedule_log.h"

#include <fmt/format.h>

#include "app/exit_codes.h"

namespace interleave::app {

std::string schedule_log_line(std::uint64_t index, const ChoiceVector& choices) {
  std::string line = std::to_string(index);
  for (const Choice& choice : choices) {
    line += ' ';
    line += to_string(choice);
  }
  return line;
}

ScheduleLog::ScheduleLog(std::string path) : path_(std::move(path)), out_(path_, std::ios::binary | std::ios::trunc) {
  if (!out_) throw CommandError{kExitInfrastructure, fmt::format("{}: cannot write the schedule log", path_)};
}

void ScheduleLog::record(std::uint64_t index, const ChoiceVector& choices) {
  out_ << schedule_log_line(index, choices) << '\n';
}

void ScheduleLog::close() {
  out_.close();
  if (!out_) throw CommandError{kExitInfrastructure, fmt::format("{}: writing the schedule log failed", path_)};
}

}  // namespace interleave::app
