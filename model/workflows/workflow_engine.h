#pragma once
// The workflow model (Temporal semantics, the part the tenant slice needs):
// start_workflow() with workflow-id uniqueness while a run is open, a worker
// that runs each workflow as its own actor and each activity as a child
// actor the workflow waits for.
//
// Example:
//   engine.start_workflow("TenantProvisioningWorkflow", "tenant-provision-acme",
//                         [&](WorkflowContext& ctx) {
//                           ctx.execute_activity("create_tenant_record", [&] { ... });
//                         });

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harness/execution.h"

namespace interleave::model::workflows {

// temporalio's WorkflowAlreadyStartedError: a run with this id is still open.
class WorkflowAlreadyStarted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An activity failed; the workflow sees it as temporalio's ActivityError.
class ActivityError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class RunStatus : std::uint8_t { kRunning, kCompleted, kFailed };
std::string_view to_string(RunStatus status);

struct WorkflowRun {
  std::string type;
  std::string id;
  ActorId started_by = kNoActor;
  ActorId actor = kNoActor;
  RunStatus status = RunStatus::kRunning;
  std::string failure;  // why it failed
};

class WorkflowContext;
using WorkflowBody = std::function<void(WorkflowContext&)>;

class WorkflowEngine {
 public:
  explicit WorkflowEngine(Execution& exec) : exec_(exec) {}

  // A call to the workflow service: a scheduling point. Throws
  // WorkflowAlreadyStarted while a run with `id` is open; a finished id may be
  // reused (the default reuse policy, ALLOW_DUPLICATE).
  void start_workflow(std::string_view type, const std::string& id, WorkflowBody body);

  // Every run ever started, in start order. Not a statement: for properties.
  const std::deque<WorkflowRun>& runs() const { return runs_; }

 private:
  friend class WorkflowContext;
  void run_workflow(std::size_t run_index, const WorkflowBody& body);

  Execution& exec_;
  std::deque<WorkflowRun> runs_;  // a deque: references stay valid while runs are added
};

// What workflow code may do.
class WorkflowContext {
 public:
  WorkflowContext(WorkflowEngine& engine, WorkflowRun& run) : engine_(engine), run_(run) {}
  // Runs `activity` on the worker as its own actor and waits for it. An
  // exception from the activity fails it: this throws ActivityError.
  void execute_activity(std::string_view name, std::function<void()> activity);
  const WorkflowRun& run() const { return run_; }

 private:
  WorkflowEngine& engine_;
  WorkflowRun& run_;
  std::map<std::string, std::uint32_t, std::less<>> activities_started_;  // by name: retries get #2, #3
};

}  // namespace interleave::model::workflows
