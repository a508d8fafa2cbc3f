#pragma once
// The commands a report hands to a reader to reproduce a race, quoted so
// they paste into a shell unchanged. Shared by every report format.

#include <cstdint>
#include <string>
#include <string_view>

#include "reports/trace_record.h"

namespace interleave::reports {

// `word` as one shell word: unchanged when it has no special characters,
// single-quoted otherwise.
std::string shell_word(std::string_view word);

// "interleave replay PATH".
std::string replay_command(std::string_view trace_path);
// "interleave replay PATH --backend postgres": the same interleaving run in
// lockstep on a real PostgreSQL (the PG* environment, or --dsn).
std::string postgres_replay_command(std::string_view trace_path);
// "interleave explore SCENARIO --variant V --strategy S --seed N --schedules
// K [--scenarios DIR]": the search that found the trace, run again (K one
// past its zero-based schedule index reaches it); --scenarios when the
// scenario came from a folder outside the catalogue.
std::string explore_command(const TraceRecord& trace, std::uint64_t schedules);

}  // namespace interleave::reports
