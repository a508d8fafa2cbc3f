#pragma once
// The command's exit codes (DESIGN.md §8), for CI to act on.

namespace interleave::cli {

inline constexpr int kExitHolds = 0;           // no violation
inline constexpr int kExitViolation = 1;       // a violation found or reproduced; a verdict off the catalogue
inline constexpr int kExitBadInput = 2;        // bad flags, scenario or trace file
inline constexpr int kExitInfrastructure = 3;  // the environment failed (files, servers)
inline constexpr int kExitDivergence = 4;      // a replay could not follow its trace

}  // namespace interleave::cli
