#pragma once
// The workflow model (Temporal semantics, as the services rely on them):
// start_workflow() with workflow-id uniqueness while a run is open; a worker
// that runs each workflow as its own actor and each activity attempt as a
// child actor the workflow waits for; retry policies with backoff and
// start-to-close timeouts in virtual time; and, when a FaultPlan enables
// them, the infrastructure's faults as choices of the schedule: a lost
// activity completion (at-least-once execution), an unreachable service, a
// crashed worker, a start the client saw time out although the run started,
// and a start request delivered a second time.
//
// Example:
//   WorkflowEngine engine(exec, {.lost_activity_completion = true});
//   engine.start_workflow("TenantProvisioningWorkflow", "tenant-provision-acme",
//                         [&](WorkflowContext& ctx) {
//                           ctx.execute_activity("create_tenant_record", [&] { ... },
//                                                {.start_to_close_timeout_ms = 10'000});
//                         });

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>

#include "harness/execution.h"
#include "harness/wait_queue.h"
#include "model/workflows/fault_plan.h"
#include "model/workflows/retry_policy.h"
#include "model/workflows/workflow_client.h"
#include "model/workflows/workflow_errors.h"

namespace interleave::model::workflows {

enum class RunStatus : std::uint8_t { kRunning, kCompleted, kFailed };
std::string_view to_string(RunStatus status);

struct WorkflowRun {
  std::string type;
  std::string id;
  ActorId started_by = kNoActor;
  ActorId actor = kNoActor;
  RunStatus status = RunStatus::kRunning;
  std::string failure;  // why it failed
  // Attempts started per activity name, retries and repeated calls included.
  // Sorted by name, in place for a run's few activities.
  boost::container::flat_map<std::string, std::uint32_t, std::less<>,
                             boost::container::small_vector<std::pair<std::string, std::uint32_t>, 4>>
      activity_attempts;
  // When an activity's failure failed the run: that activity's last failure.
  std::optional<ActivityFailure> failure_cause;
  // The workflow's code, which the run's actor runs: kept here (runs stay
  // put), so the actor's own closure is small enough to need no allocation.
  WorkflowBody body;
};

// The model of the workflow service: the port's implementation.
class WorkflowEngine final : public WorkflowClient {
 public:
  explicit WorkflowEngine(Execution& exec, FaultPlan faults = {}) : exec_(exec), injector_(exec, faults) {}

  // A call to the workflow service: a scheduling point. Throws
  // WorkflowServiceUnavailable when that fault is injected (nothing starts),
  // WorkflowStartTimedOut when kStartAmbiguous is (the run did start),
  // WorkflowAlreadyStarted while a run with `id` is open; a finished id may
  // be reused (the default reuse policy, ALLOW_DUPLICATE). With
  // kStartRedelivered the request arrives once more later, as its own actor.
  void start_workflow(std::string_view type, const std::string& id, WorkflowBody body) override;

  // Waits until the latest run with `id` has ended, like temporalio's
  // handle.result(): a scheduling point, then parks while it runs. Throws
  // WorkflowFailureError when it failed, std::invalid_argument when no run
  // with `id` was ever started.
  void wait_for_result(const std::string& id) override;

  // Every run ever started, in start order. Not a statement: for properties.
  const std::deque<WorkflowRun>& runs() const { return runs_; }
  // How many runs have ended: with runs().size(), what tells a property
  // that no run's status changed since it last looked.
  std::size_t ended_runs() const { return ended_runs_; }
  const FaultPlan& fault_plan() const { return injector_.plan(); }
  // Faults injected so far in this execution (the database's included, as
  // they share the injector), so a hunt can show every enabled kind was reached.
  const FaultCounts& fault_counts() const { return injector_.counts(); }
  // The execution's fault points, for the database to share (World does).
  FaultInjector& fault_injector() { return injector_; }

 private:
  friend class WorkflowContext;
  void run_workflow(std::size_t run_index);
  // Adds a run of `id` and spawns its actor; `earlier_runs` counts the
  // finished runs of that id (for a unique actor name).
  void start_run(std::string_view type, const std::string& id, std::size_t earlier_runs, WorkflowBody body);
  // The second delivery of a start request: deduplicated while a run of
  // `id` is open, else a new run.
  void redeliver_start(const std::string& type, const std::string& id, const WorkflowBody& body);
  bool inject_fault(FaultKind kind) { return injector_.inject(kind); }

  Execution& exec_;
  FaultInjector injector_;
  // Every activity attempt started (WorkflowContext::Attempt, which only
  // activity_runner.cc sees), owned until the engine goes.
  boost::container::small_vector<std::shared_ptr<void>, 4> attempts_;
  std::deque<WorkflowRun> runs_;  // a deque: references stay valid while runs are added
  // Parallel to runs_: who waits for each run's end, made on the first wait
  // (most runs never have a waiter), at an address that stays put.
  boost::container::small_vector<std::unique_ptr<WaitQueue>, 4> run_ended_;
  std::size_t ended_runs_ = 0;
};

// What workflow code may do.
class WorkflowContext {
 public:
  using Activity = std::function<void()>;

  WorkflowContext(WorkflowEngine& engine, WorkflowRun& run) : engine_(engine), run_(run) {}

  // One attempt, no timeout (ActivityOptions::single_attempt()): an exception
  // from the activity fails it at once and this throws ActivityError.
  void execute_activity(std::string_view name, Activity activity);

  // Runs `activity` on the worker, each attempt as its own actor
  // ("<workflow>/<name>", then "#2", "#3" ...), and waits for it; retries as
  // `options` say, sleeping the backoff in virtual time. An attempt that
  // overruns its start-to-close timeout counts as failed, while its actor
  // runs on to its end (its effects happen; its result is ignored). Throws
  // ActivityError once no attempt is left, std::invalid_argument for options
  // Temporal would reject.
  void execute_activity(std::string_view name, Activity activity, const ActivityOptions& options);

  const WorkflowRun& run() const { return run_; }

 private:
  struct ActivityPlan;  // an activity's name and code, shared by its attempts
  struct Attempt;       // one attempt's plan and its report, shared with its actor

  // Starts attempt `number` and waits for its outcome: nullopt when it
  // completed, else why it failed.
  std::optional<ActivityFailure> run_attempt(const std::shared_ptr<const ActivityPlan>& plan, std::uint32_t number,
                                             const ActivityOptions& options);
  // The attempt's actor: runs the activity, unless a fault strikes, and
  // reports to the workflow. Static: the actor may outlive this context.
  static void perform(WorkflowEngine& engine, Attempt& attempt);

  WorkflowEngine& engine_;
  WorkflowRun& run_;
};

}  // namespace interleave::model::workflows
