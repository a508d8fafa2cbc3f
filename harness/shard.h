#pragma once
// One of N disjoint parts of an exploration, so that N processes (a CI
// matrix, a Kubernetes indexed Job) cover a space exactly once.
//
// A Shard owns the keys k with k % count == index: the schedule indices of
// the random and pct strategies (schedule i depends only on the seed and i),
// or the numbered choice prefixes of an exhaustive search. The shards
// 0/N … (N-1)/N partition every range of keys; Shard{} is the whole space.
//
// Requires: count >= 1 and index < count (parse_shard guarantees both).
//
// Example:
//   Shard shard = parse_shard("1/3");   // owns 1, 4, 7, ...
//   shard.owns(4);                      // true
//   to_string(shard);                   // "1/3"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace interleave {

struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;

  bool owns(std::uint64_t key) const { return key % count == index; }
  // How many of the keys 0 … end-1 this shard owns.
  std::uint64_t owned_below(std::uint64_t end) const { return end / count + (end % count > index ? 1 : 0); }
  friend bool operator==(const Shard&, const Shard&) = default;
};

// A malformed shard text; the message says what is wrong with it.
class ShardError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses "I/N" (decimal, 0 <= I < N, 1 <= N <= 2^32-1).
// Throws ShardError, e.g. "index must be below the count" for "3/2".
Shard parse_shard(std::string_view text);

// "I/N", the form parse_shard reads.
std::string to_string(const Shard& shard);

}  // namespace interleave
