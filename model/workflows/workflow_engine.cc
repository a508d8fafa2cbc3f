#include "model/workflows/workflow_engine.h"

#include <optional>

#include <fmt/format.h>

#include "harness/wait_queue.h"

namespace interleave::model::workflows {

std::string_view to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kCompleted: return "completed";
    case RunStatus::kFailed: return "failed";
  }
  return "unknown";
}

void WorkflowEngine::start_workflow(std::string_view type, const std::string& id, WorkflowBody body) {
  exec_.scheduling_point();
  std::size_t earlier_runs = 0;
  for (const WorkflowRun& run : runs_) {
    if (run.id != id) continue;
    ++earlier_runs;
    if (run.status == RunStatus::kRunning) {
      std::string message = fmt::format("Workflow execution already started (workflow id {})", id);
      if (exec_.recording()) exec_.record("workflow.start", fmt::format("start_workflow {} id={}", type, id),
                                          "error: WorkflowAlreadyStartedError");
      throw WorkflowAlreadyStarted(message);
    }
  }
  runs_.push_back({std::string(type), id, exec_.current(), kNoActor, RunStatus::kRunning, {}});
  const std::size_t index = runs_.size() - 1;
  // Actor names are unique: a reused id gets a run number.
  std::string name = earlier_runs == 0 ? id : fmt::format("{}#{}", id, earlier_runs + 1);
  runs_[index].actor = exec_.spawn({.name = std::move(name), .kind = "workflow", .operation = std::string(type),
                                    .parent = exec_.current()},
                                   [this, index, body = std::move(body)] { run_workflow(index, body); });
  if (exec_.recording()) {
    exec_.record("workflow.start", fmt::format("start_workflow {} id={}", type, id), "started");
  }
}

void WorkflowEngine::run_workflow(std::size_t run_index, const WorkflowBody& body) {
  WorkflowRun& run = runs_[run_index];
  WorkflowContext context(*this, run);
  try {
    body(context);
    run.status = RunStatus::kCompleted;
  } catch (const std::exception& error) {
    // ExecutionCancelled is not a std::exception: a stopped execution unwinds.
    run.status = RunStatus::kFailed;
    run.failure = error.what();
  }
  if (exec_.recording()) {
    exec_.record("workflow.end", fmt::format("{} {}", run.type, run.id),
                 run.status == RunStatus::kCompleted ? "completed" : "failed: " + run.failure);
  }
}

void WorkflowContext::execute_activity(std::string_view name, std::function<void()> activity) {
  Execution& exec = engine_.exec_;
  // Shared with the activity actor, which may outlive this frame when the
  // execution is cancelled while the workflow waits.
  struct Completion {
    explicit Completion(Execution& exec) : done(exec) {}
    WaitQueue done;
    bool finished = false;
    std::optional<std::string> failure;
  };
  auto completion = std::make_shared<Completion>(exec);
  const std::uint32_t attempt = ++activities_started_[std::string(name)];
  // Actor names are unique: a repeated activity gets a run number.
  std::string actor_name = fmt::format("{}/{}", exec.actor_info(run_.actor).name, name);
  if (attempt > 1) actor_name += fmt::format("#{}", attempt);
  ActorId worker = exec.spawn(
      {.name = std::move(actor_name), .kind = "activity",
       .operation = std::string(name), .parent = run_.actor},
      [&exec, completion, activity = std::move(activity), name = std::string(name)] {
        try {
          activity();
          if (exec.recording()) exec.record("activity.end", name, "completed");
        } catch (const std::exception& error) {
          completion->failure = error.what();
          if (exec.recording()) exec.record("activity.end", name, fmt::format("failed: {}", error.what()));
        }
        completion->finished = true;
        completion->done.notify_all();
      });
  while (!completion->finished) completion->done.wait({&worker, 1}, fmt::format("activity {}", name));
  if (completion->failure) {
    throw ActivityError(fmt::format("activity {} failed: {}", name, *completion->failure));
  }
}

}  // namespace interleave::model::workflows
