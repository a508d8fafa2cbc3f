#pragma once
// The commands a report hands to a reader to reproduce a race, quoted so
// they paste into a shell unchanged. Shared by every report format.

#include <string>
#include <string_view>

namespace interleave::reports {

// `word` as one shell word: unchanged when it has no special characters,
// single-quoted otherwise.
std::string shell_word(std::string_view word);

// "interleave replay PATH".
std::string replay_command(std::string_view trace_path);
// "interleave replay PATH --backend postgres": the same interleaving run in
// lockstep on a real PostgreSQL (the PG* environment, or --dsn).
std::string postgres_replay_command(std::string_view trace_path);

}  // namespace interleave::reports
