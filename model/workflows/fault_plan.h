#pragma once
// Which infrastructure faults the workflow service may inject in one
// execution. A fault is never a random number: at each fault point the engine
// draws a choice (exec.draw(2), 1 = inject) that the strategy makes, the
// trace records and replay repeats, so exploration covers faults like
// interleavings and a failing trace names the fault it needed.
//
// With the default plan no fault kind is enabled and no draw is made: the
// choice stream, and so every existing trace, stays exactly as it was.
//
// Example:
//   WorkflowEngine engine(exec, {.lost_activity_completion = true, .max_faults = 1});
//   ... run ...
//   engine.fault_counts()[FaultKind::kLostActivityCompletion]  // 0 or 1

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace interleave::model::workflows {

enum class FaultKind : std::uint8_t {
  // An activity attempt finished (its effects happened) but its completion
  // never reached the service: the workflow sees a start-to-close timeout and
  // the activity runs again (Temporal's at-least-once execution).
  kLostActivityCompletion,
  // start_workflow cannot reach the workflow service (temporalio's RPCError
  // with status UNAVAILABLE): nothing is started.
  kServiceUnavailable,
  // The worker dies as it picks up an activity attempt, before running it.
  kWorkerCrash,
};
inline constexpr std::size_t kFaultKinds = 3;

// The event op of an injected fault: "fault.lost_activity_completion", ...
std::string_view fault_event_op(FaultKind kind);

struct FaultPlan {
  bool lost_activity_completion = false;
  bool service_unavailable = false;
  bool worker_crash = false;
  // At most this many faults per execution, of all kinds together: each
  // fault point doubles the schedules to explore, so keep it small.
  std::uint32_t max_faults = 1;

  bool enables(FaultKind kind) const;
};

// Faults injected so far in one execution, per kind.
class FaultCounts {
 public:
  std::uint32_t operator[](FaultKind kind) const { return counts_[static_cast<std::size_t>(kind)]; }
  std::uint32_t total() const;
  void add(FaultKind kind) { ++counts_[static_cast<std::size_t>(kind)]; }

 private:
  std::array<std::uint32_t, kFaultKinds> counts_{};
};

}  // namespace interleave::model::workflows
