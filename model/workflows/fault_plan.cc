#include "model/workflows/fault_plan.h"

#include <numeric>

namespace interleave::model::workflows {

std::string_view fault_event_op(FaultKind kind) {
  switch (kind) {
    case FaultKind::kLostActivityCompletion: return "fault.lost_activity_completion";
    case FaultKind::kServiceUnavailable: return "fault.service_unavailable";
    case FaultKind::kWorkerCrash: return "fault.worker_crash";
    case FaultKind::kStartAmbiguous: return "fault.start_ambiguous";
    case FaultKind::kStartRedelivered: return "fault.start_redelivered";
    case FaultKind::kConnectionLost: return "fault.connection_lost";
    case FaultKind::kCommitOutcomeUnknown: return "fault.commit_outcome_unknown";
  }
  return "fault.unknown";
}

bool FaultPlan::enables(FaultKind kind) const {
  switch (kind) {
    case FaultKind::kLostActivityCompletion: return lost_activity_completion;
    case FaultKind::kServiceUnavailable: return service_unavailable;
    case FaultKind::kWorkerCrash: return worker_crash;
    case FaultKind::kStartAmbiguous: return start_ambiguous;
    case FaultKind::kStartRedelivered: return start_redelivered;
    case FaultKind::kConnectionLost: return connection_lost;
    case FaultKind::kCommitOutcomeUnknown: return commit_outcome_unknown;
  }
  return false;
}

std::uint32_t FaultCounts::total() const { return std::accumulate(counts_.begin(), counts_.end(), std::uint32_t{0}); }

}  // namespace interleave::model::workflows

namespace interleave::model::workflows {

bool FaultInjector::inject(FaultKind kind) {
  if (!plan_.enables(kind)) return false;
  exec_.touch(resource_id(ResourceKind::kFaults, 0), Access::kRead);
  if (counts_.total() >= plan_.max_faults) return false;
  if (exec_.draw(2) == 0) return false;
  exec_.touch(resource_id(ResourceKind::kFaults, 0), Access::kWrite);
  counts_.add(kind);
  return true;
}

bool FaultInjector::draw_committed() { return exec_.draw(2) == 1; }

}  // namespace interleave::model::workflows
