#pragma once
// `explore --schedule-log FILE`: one line per schedule run, so that the
// coverage of sharded runs can be checked against an unsharded one.
//
// A line is the schedule's index and its choices in their text form,
// separated by spaces: "17 a0 a2 d1/2 a1". Lines come in index order; the
// content depends only on the run's inputs (no times, no process ids).

#include <cstdint>
#include <fstream>
#include <string>

#include "harness/choice.h"

namespace interleave::app {

std::string schedule_log_line(std::uint64_t index, const ChoiceVector& choices);

class ScheduleLog {
 public:
  // Throws CommandError(kExitInfrastructure) when `path` cannot be written.
  explicit ScheduleLog(std::string path);

  void record(std::uint64_t index, const ChoiceVector& choices);
  // Flushes and closes; throws CommandError(kExitInfrastructure) when a
  // write failed (a full disk), so a truncated log never passes as complete.
  void close();

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace interleave::app
