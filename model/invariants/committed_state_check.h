#pragma once
// A check that reads only part of the world gives the same answer until that
// part changes, so a check run after every step need only look again when it
// has. Each part has a version that changes whenever it does:
//   - committed_state_version(): the committed rows, tables and schemas
//     change only when a top-level transaction commits;
//   - calls_and_runs_version(): the ledger's call outcomes and the workflow
//     runs change only when a call returns or a run starts or ends.
// The mark remembers the world and version the check last passed on; keep
// one per check site and thread (thread_local), so it caches a pure function
// of its inputs and is never shared.
//
// Example:
//   thread_local StateMark checked;
//   return check_committed_state(world, checked, duplicate_committed_slug);

#include <cstdint>
#include <optional>

#include "harness/program.h"
#include "model/world.h"

namespace interleave::model {

struct StateMark {
  std::uint64_t world = 0;    // World::id; 0: none yet
  std::uint64_t version = 0;  // the part's version when the check passed
};

// check(world) unless `mark` saw it pass on this world at this `version`.
template <typename Check>
std::optional<Violation> check_if_changed(const World& world, StateMark& mark, std::uint64_t version, Check check) {
  if (mark.world == world.id && mark.version == version) return std::nullopt;
  std::optional<Violation> violation = check(world);
  if (!violation) mark = {world.id, version};
  return violation;
}

// For a check of the committed state alone.
template <typename Check>
std::optional<Violation> check_committed_state(const World& world, StateMark& mark, Check check) {
  return check_if_changed(world, mark, world.db.committed_state_version(), check);
}

// Changes whenever a call outcome is recorded or a workflow run starts or
// ends: each of the three only grows.
inline std::uint64_t calls_and_runs_version(const World& world) {
  return world.ledger.outcomes().size() + world.workflows.runs().size() + world.workflows.ended_runs();
}

}  // namespace interleave::model
