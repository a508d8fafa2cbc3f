#pragma once
// The outcomes a use case ends in, as the command's exit codes (DESIGN.md
// §8) for CI to act on, and the error that carries one up to the command.

#include <string>

namespace interleave::app {

inline constexpr int kExitHolds = 0;           // no violation
inline constexpr int kExitViolation = 1;       // a violation found or reproduced; a verdict off the catalogue
inline constexpr int kExitBadInput = 2;        // bad flags, scenario or trace file
inline constexpr int kExitInfrastructure = 3;  // the environment failed (files, servers)
inline constexpr int kExitDivergence = 4;      // a replay could not follow its trace

// A failure a use case reports with its exit code; the command line prints
// the message.
struct CommandError {
  int exit_code;
  std::string message;
};

}  // namespace interleave::app
