#pragma once
// The strategy decides; the scheduler asks. Three calls, as in Shuttle's
// scheduler trait: begin an execution, pick the next actor, draw a number.

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "harness/choice.h"

namespace interleave {

class Strategy {
 public:
  virtual ~Strategy() = default;

  // Prepares execution number `index` of a run. Returns false when the
  // strategy has nothing left to explore.
  virtual bool begin_execution(std::uint64_t index) = 0;

  // Chooses who runs next. `runnable` is sorted by actor id and holds at
  // least two actors; `current` is the actor that reached the scheduling
  // point when it may go on, kNoActor otherwise.
  virtual ActorId next_actor(std::span<const ActorId> runnable, ActorId current) = 0;

  // Draws a data or fault choice in [0, options), options >= 2.
  virtual std::uint32_t next_draw(std::uint32_t options) = 0;

  // Name as written in traces and on the command line.
  virtual std::string name() const = 0;
};

// A strategy that cannot follow the program (a replayed choice that is not
// possible here) throws this; the execution ends with a divergence verdict.
class StrategyDivergence : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace interleave
