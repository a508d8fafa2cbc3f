#pragma once
// Whole-number options checked on their text. CLI11 turns "-1" into the
// largest unsigned value and saturates "1e30"-sized numbers instead of
// rejecting them, so a typo would silently run another seed; these
// validators run before its conversion and name the allowed range.
//
// Example:
//   command->add_option("--seed", seed)->check(whole_number(0, UINT64_MAX));

#include <cstdint>

#include <CLI/CLI.hpp>

namespace interleave::cli {

// -j: more threads than this is a typo on any machine the tool runs on.
inline constexpr std::uint64_t kMaxJobs = 256;

CLI::Validator whole_number(std::uint64_t minimum, std::uint64_t maximum);

}  // namespace interleave::cli
