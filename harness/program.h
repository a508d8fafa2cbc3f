#pragma once
// What the harness runs: a world under test for one execution. The harness
// knows nothing about what the actors do; the program spawns them and judges
// the state they leave.

#include <optional>
#include <string>

#include "harness/choice.h"

namespace interleave {

class Execution;

struct ActorInfo {
  ActorId id = kNoActor;
  std::string name;       // unique within an execution, e.g. "api-1"
  std::string kind;       // "request", "workflow", "activity", ...
  std::string operation;  // what it was asked to do, for reports
  ActorId parent = kNoActor;
};

struct Violation {
  std::string property;
  std::string message;
};

class Program {
 public:
  virtual ~Program() = default;
  // Spawns the root actors with exec.spawn().
  virtual void start(Execution& exec) = 0;
  // Safety properties, checked after every step. Must not block or yield.
  virtual std::optional<Violation> check_step() = 0;
  // Properties that hold once every actor is done (liveness at quiescence).
  virtual std::optional<Violation> check_quiescent() = 0;
};

}  // namespace interleave
