#include "app/isolation/permutations.h"

#include <limits>
#include <map>
#include <utility>

namespace interleave::app::isolation {

namespace {

struct Place {
  std::size_t session;
  const SpecStep* step;
};

std::map<std::string, Place, std::less<>> steps_by_name(const Spec& spec) {
  std::map<std::string, Place, std::less<>> steps;
  for (std::size_t s = 0; s < spec.sessions.size(); ++s) {
    for (const SpecStep& step : spec.sessions[s].steps) steps.try_emplace(step.name, Place{s, &step});
  }
  return steps;
}

PlannedPermutation planned(const Permutation& permutation, const std::map<std::string, Place, std::less<>>& steps) {
  PlannedPermutation planned;
  for (const PermutationStep& step : permutation.steps) {
    const Place& place = steps.at(step.name);
    PlannedStep& out = planned.emplace_back(PlannedStep{step.name, place.step, place.session, {}});
    for (const Blocker& blocker : step.blockers) {
      PlannedBlocker resolved{blocker.kind, nullptr, 0, blocker.notices};
      if (blocker.kind != BlockerKind::kOnce) {
        const Place& blocking = steps.at(blocker.step);
        resolved.step = blocking.step;
        resolved.session = blocking.session;
      }
      out.blockers.push_back(resolved);
    }
  }
  return planned;
}

// isolationtester's piles: each session's steps are a pile; pick from the
// piles in session order, recurse, put back.
class Interleavings {
 public:
  Interleavings(const Spec& spec, const std::function<bool(const PlannedPermutation&)>& run)
      : spec_(spec), run_(run), taken_(spec.sessions.size(), 0) {}

  bool walk() {
    bool any = false;
    for (std::size_t s = 0; s < spec_.sessions.size(); ++s) {
      const std::vector<SpecStep>& steps = spec_.sessions[s].steps;
      if (taken_[s] == steps.size()) continue;
      any = true;
      const SpecStep& step = steps[taken_[s]++];
      current_.push_back(PlannedStep{step.name, &step, s, {}});
      const bool go_on = walk();
      current_.pop_back();
      --taken_[s];
      if (!go_on) return false;
    }
    return any || run_(current_);
  }

 private:
  const Spec& spec_;
  const std::function<bool(const PlannedPermutation&)>& run_;
  std::vector<std::size_t> taken_;
  PlannedPermutation current_;
};

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

}  // namespace

void for_each_permutation(const Spec& spec, const std::function<bool(const PlannedPermutation&)>& run) {
  if (spec.permutations.empty()) {
    Interleavings(spec, run).walk();
    return;
  }
  const auto steps = steps_by_name(spec);
  for (const Permutation& permutation : spec.permutations) {
    if (!run(planned(permutation, steps))) return;
  }
}

std::uint64_t count_permutations(const Spec& spec) {
  if (!spec.permutations.empty()) return spec.permutations.size();
  // The multinomial coefficient (n1 + n2 + ...)! / (n1! n2! ...), built up
  // one session at a time as a product of binomials.
  std::uint64_t count = 1;
  std::uint64_t placed = 0;
  for (const SpecSession& session : spec.sessions) {
    for (std::uint64_t k = 1; k <= session.steps.size(); ++k) {
      // count *= (placed + k) / k, exact at every k.
      const std::uint64_t numerator = placed + k;
      count = saturating_multiply(count, numerator) / k;
      if (count == std::numeric_limits<std::uint64_t>::max()) return count;
    }
    placed += session.steps.size();
  }
  return count;
}

}  // namespace interleave::app::isolation
