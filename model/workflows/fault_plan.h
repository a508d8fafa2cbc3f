#pragma once
// Which infrastructure faults the workflow service and the database may
// inject in one execution. A fault is never a random number: at each fault point the engine
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

#include "harness/execution.h"

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
  // start_workflow reached the service and the run started, but the client
  // sees a timeout (temporalio's RPCError, DEADLINE_EXCEEDED): a caller that
  // takes the error for "nothing started" starts it again, late.
  kStartAmbiguous,
  // The start request is delivered a second time, at a moment the schedule
  // picks (a retried RPC that overtook its client): while the first run is
  // open the service deduplicates it; after it ended, a second run starts.
  kStartRedelivered,
  // The connection breaks in the middle of a transaction: the statement
  // fails with 08006, the server rolls the transaction back, and every
  // later statement of the session fails with 08006 too.
  kConnectionLost,
  // The connection breaks after COMMIT was sent: the client gets 08006 and
  // never learns whether the transaction committed. The outcome is a
  // second draw of the schedule (1 = committed), so both are explored.
  kCommitOutcomeUnknown,
};
inline constexpr std::size_t kFaultKinds = 7;

// The event op of an injected fault: "fault.lost_activity_completion", ...
std::string_view fault_event_op(FaultKind kind);

struct FaultPlan {
  bool lost_activity_completion = false;
  bool service_unavailable = false;
  bool worker_crash = false;
  bool start_ambiguous = false;
  bool start_redelivered = false;
  bool connection_lost = false;
  bool commit_outcome_unknown = false;
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

// The fault points of one execution, shared by the workflow service and the
// database so that max_faults bounds them together.
class FaultInjector {
 public:
  FaultInjector(Execution& exec, FaultPlan plan) : exec_(exec), plan_(plan) {}

  // A fault point: draws whether to inject `kind` when the plan enables it
  // and the execution's fault budget is not spent. No draw otherwise.
  bool inject(FaultKind kind);
  // After an injected kCommitOutcomeUnknown: whether the transaction
  // committed, drawn (1 = committed) so the shrinker and dfs see both.
  bool draw_committed();

  const FaultPlan& plan() const { return plan_; }
  const FaultCounts& counts() const { return counts_; }

 private:
  Execution& exec_;
  FaultPlan plan_;
  FaultCounts counts_;
};

}  // namespace interleave::model::workflows
