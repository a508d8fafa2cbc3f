#pragma once
// A fast seeded generator and the mapping of its output to choices.
//
// The standard distributions differ between standard libraries, so every
// random decision goes through `bounded` below: same seed, same choices, on
// any machine.

#include <cstdint>

namespace interleave {

// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit word of state, passes
// BigCrush, and seeding from any value (even 0) is fine.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // A value in [0, bound), bound >= 1. Lemire's multiply-shift: the bias is
  // below 2^-32 for the small bounds a scheduler uses.
  std::uint32_t bounded(std::uint32_t bound) {
    return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32);
  }

 private:
  std::uint64_t state_;
};

// Derives an independent seed for schedule `index` of a run seeded with
// `seed`, so that any schedule can be re-run alone (replay, sharding).
inline std::uint64_t schedule_seed(std::uint64_t seed, std::uint64_t index) {
  Rng mix(seed ^ (index * 0xD1B54A32D192ED03ULL));
  mix.next();
  return mix.next();
}

}  // namespace interleave
