#pragma once
// What a stretch of code costs besides time: C++ exceptions thrown and heap
// allocations made by the calling thread, counted by wrapping __cxa_throw
// and the global operator new of the benchmark binary.
//
// Under AddressSanitizer, which intercepts both itself, nothing is counted
// and counting() is false.
//
// Example:
//   CostCounters before = CostCounters::now();
//   ... run schedules ...
//   CostCounters spent = CostCounters::now() - before;

#include <cstdint>

namespace interleave::bench {

struct CostCounters {
  std::uint64_t throws = 0;
  std::uint64_t allocations = 0;

  static CostCounters now();  // of the calling thread
  static bool counting();
  CostCounters operator-(const CostCounters& earlier) const {
    return {throws - earlier.throws, allocations - earlier.allocations};
  }
};

}  // namespace interleave::bench
