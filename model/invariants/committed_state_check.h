#pragma once
// A check that reads only the committed state gives the same answer until a
// transaction ends, so a check run after every step need only look again
// when one has. The mark remembers the world and committed state the check
// last passed on; keep one per check site and thread (thread_local), so it
// caches a pure function of its inputs and is never shared.
//
// Example:
//   thread_local CommittedStateMark checked;
//   return check_committed_state(world, checked, duplicate_committed_slug);

#include <cstdint>
#include <optional>

#include "harness/program.h"
#include "model/world.h"

namespace interleave::model {

struct CommittedStateMark {
  std::uint64_t world = 0;  // World::id; 0: none yet
  std::uint64_t version = 0;  // the database's committed_state_version()
};

// check(world) unless `mark` saw it pass on this world's current committed state.
template <typename Check>
std::optional<Violation> check_committed_state(const World& world, CommittedStateMark& mark, Check check) {
  const std::uint64_t version = world.db.committed_state_version();
  if (mark.world == world.id && mark.version == version) return std::nullopt;
  std::optional<Violation> violation = check(world);
  if (!violation) mark = {world.id, version};
  return violation;
}

}  // namespace interleave::model
