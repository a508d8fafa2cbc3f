#pragma once
// What each service call returned to its caller, as the callers saw it. The
// properties judge these outcomes against the state the model ends in.

#include <string>
#include <vector>

#include "harness/choice.h"

namespace interleave::model {

enum class CallStatus : std::uint8_t {
  kSuccess,   // returned normally
  kConflict,  // a clean, expected refusal ("already exists")
  kError,     // an unhandled exception: an HTTP 500 for the user
};

struct CallOutcome {
  ActorId actor = kNoActor;
  std::string operation;  // "create_tenant"
  std::string key;        // what the call was about: the slug
  CallStatus status = CallStatus::kSuccess;
  std::string detail;     // the returned workflow id, or the error message
};

class Ledger {
 public:
  void record(CallOutcome outcome) { outcomes_.push_back(std::move(outcome)); }
  const std::vector<CallOutcome>& outcomes() const { return outcomes_; }

 private:
  std::vector<CallOutcome> outcomes_;
};

}  // namespace interleave::model
