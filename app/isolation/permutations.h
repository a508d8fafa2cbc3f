#pragma once
// The permutations isolationtester runs for a spec: its permutation lines
// in order, or, when it has none, every interleaving of the sessions' steps
// that keeps each session's own order, in isolationtester's order (always
// take the next step of the first session that has one left, then
// backtrack): for s1 {a b} and s2 {c}, "a b c", "a c b", "c a b".
//
// Requires: a spec read_spec accepted (every name resolves).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/isolation/spec.h"

namespace interleave::app::isolation {

struct PlannedBlocker {
  BlockerKind kind = BlockerKind::kOnce;
  const SpecStep* step = nullptr;  // kOtherStep, kNotices
  std::size_t session = 0;         // of `step`
  int notices = 0;
};

struct PlannedStep {
  std::string name;  // as the permutation line gives it
  const SpecStep* step = nullptr;
  std::size_t session = 0;
  std::vector<PlannedBlocker> blockers;
};

using PlannedPermutation = std::vector<PlannedStep>;

// Calls `run` with each permutation in turn; stops early when it returns false.
void for_each_permutation(const Spec& spec, const std::function<bool(const PlannedPermutation&)>& run);

// How many permutations for_each_permutation gives (saturates at UINT64_MAX).
std::uint64_t count_permutations(const Spec& spec);

}  // namespace interleave::app::isolation
