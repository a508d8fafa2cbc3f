#pragma once
// Where one schedule put two calls' database work inside each other: the
// evidence that a search reached a race's window (`explore --witness`).
//
// A call's window is its actor's first to last database statement (db.*
// events) of one call: a call ends at call.return, http.response or
// activity.end. Another actor's database statement strictly inside that
// window interleaved with it: the read-then-write, check-then-act and
// write-then-publish races of the catalogue all need exactly such a step.
// A fix that closes the window still lets the schedule reach it: the other
// call's statement then waits on a lock, or is refused, inside the window.
//
// Example:
//   WitnessTally tally;
//   tally.add(schedule_index, trace);   // for each schedule, recorded
//   fmt::print("{}", tally.text());

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/explorer.h"
#include "harness/trace.h"

namespace interleave::app {

struct Interleaving {
  std::string window_actor;  // the call whose window was entered
  std::string inside_actor;  // the actor whose statement ran inside it
  std::size_t window_first = 0;  // event indices: the window's first statement,
  std::size_t inside = 0;        // the first statement inside it,
  std::size_t window_last = 0;   // and the window's last statement
};

// Each (window actor, inside actor) pair once, at its first occurrence, in
// the order of the inside statement.
std::vector<Interleaving> interleavings(const Trace& trace);

// Counts, over many schedules, the schedules in which each pair interleaved.
class WitnessTally {
 public:
  void add(std::uint64_t schedule, const Trace& trace);
  // Exploration records choices only: re-runs the schedule with events.
  void add(std::uint64_t schedule, const ProgramFactory& factory, const ChoiceVector& choices,
           const ExecutionLimits& limits) {
    add(schedule, run_recorded(factory, choices, limits));
  }

  std::uint64_t schedules() const { return schedules_; }
  std::uint64_t interleaved() const { return interleaved_; }

  // {"schedules": N, "interleaved": M, "pairs": [{"window": A, "inside": B,
  // "schedules": K, "first_schedule": I}, ...]} (pairs by count, descending).
  nlohmann::ordered_json to_json() const;
  // The same in lines, and the first schedule of the most frequent pair
  // step by step: the window's statements and the one that came inside.
  std::string text() const;

 private:
  struct PairCount {
    std::uint64_t schedules = 0;
    std::uint64_t first_schedule = 0;
    std::vector<std::string> example;  // "actor  statement  → result" lines
  };
  std::vector<std::pair<std::pair<std::string, std::string>, PairCount>> by_count() const;

  std::uint64_t schedules_ = 0;
  std::uint64_t interleaved_ = 0;
  std::map<std::pair<std::string, std::string>, PairCount> pairs_;
};

}  // namespace interleave::app
