#include "model/workflows/fault_plan.h"

#include <numeric>

namespace interleave::model::workflows {

std::string_view fault_event_op(FaultKind kind) {
  switch (kind) {
    case FaultKind::kLostActivityCompletion: return "fault.lost_activity_completion";
    case FaultKind::kServiceUnavailable: return "fault.service_unavailable";
    case FaultKind::kWorkerCrash: return "fault.worker_crash";
  }
  return "fault.unknown";
}

bool FaultPlan::enables(FaultKind kind) const {
  switch (kind) {
    case FaultKind::kLostActivityCompletion: return lost_activity_completion;
    case FaultKind::kServiceUnavailable: return service_unavailable;
    case FaultKind::kWorkerCrash: return worker_crash;
  }
  return false;
}

std::uint32_t FaultCounts::total() const { return std::accumulate(counts_.begin(), counts_.end(), std::uint32_t{0}); }

}  // namespace interleave::model::workflows
