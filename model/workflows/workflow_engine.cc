#include "model/workflows/workflow_engine.h"

#include <stdexcept>

#include <fmt/format.h>

namespace interleave::model::workflows {

namespace {
// Every run's status: starts and ends write it, waits read it.
ResourceId runs_resource() { return resource_id(ResourceKind::kWorkflows, 0); }
}  // namespace

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
  exec_.touch(runs_resource(), Access::kWrite);
  if (inject_fault(FaultKind::kServiceUnavailable)) {
    if (exec_.recording()) {
      exec_.record(std::string(fault_event_op(FaultKind::kServiceUnavailable)),
                   fmt::format("start_workflow {} id={}: the workflow service is unreachable", type, id),
                   "unavailable");
      exec_.record("workflow.start", fmt::format("start_workflow {} id={}", type, id),
                   "error: RPCError (UNAVAILABLE)");
    }
    throw WorkflowServiceUnavailable(
        fmt::format("workflow service unavailable: start_workflow {} id={} did not reach it", type, id));
  }
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
  if (inject_fault(FaultKind::kStartRedelivered)) {
    if (exec_.recording()) {
      exec_.record(std::string(fault_event_op(FaultKind::kStartRedelivered)),
                   fmt::format("start_workflow {} id={}: the request will be delivered again", type, id),
                   "redelivery pending");
    }
    exec_.spawn({.name = fmt::format("{}/redelivered-start", id), .kind = "delivery",
                 .operation = fmt::format("start_workflow {}", type), .parent = exec_.current()},
                [this, type = std::string(type), id, body] { redeliver_start(type, id, body); });
  }
  start_run(type, id, earlier_runs, std::move(body));
  if (exec_.recording()) {
    exec_.record("workflow.start", fmt::format("start_workflow {} id={}", type, id), "started");
  }
  if (inject_fault(FaultKind::kStartAmbiguous)) {
    if (exec_.recording()) {
      exec_.record(std::string(fault_event_op(FaultKind::kStartAmbiguous)),
                   fmt::format("start_workflow {} id={}: the run started, the reply is lost", type, id),
                   "client timed out");
      exec_.record("workflow.start.reply", fmt::format("start_workflow {} id={}", type, id),
                   "error: RPCError (DEADLINE_EXCEEDED)");
    }
    throw WorkflowStartTimedOut(
        fmt::format("workflow service timed out: start_workflow {} id={} (the run may have started)", type, id));
  }
}

void WorkflowEngine::start_run(std::string_view type, const std::string& id, std::size_t earlier_runs,
                               WorkflowBody body) {
  runs_.push_back({.type = std::string(type), .id = id, .started_by = exec_.current(), .body = std::move(body)});
  run_ended_.emplace_back();
  const std::size_t index = runs_.size() - 1;
  // Actor names are unique: a reused id gets a run number.
  std::string name = earlier_runs == 0 ? id : fmt::format("{}#{}", id, earlier_runs + 1);
  // Only traces show what an actor was asked: no copy while exploring.
  runs_[index].actor = exec_.spawn({.name = std::move(name), .kind = "workflow",
                                    .operation = exec_.recording() ? std::string(type) : std::string(),
                                    .parent = exec_.current()},
                                   [this, index] { run_workflow(index); });
}

void WorkflowEngine::redeliver_start(const std::string& type, const std::string& id, const WorkflowBody& body) {
  exec_.scheduling_point();
  exec_.touch(runs_resource(), Access::kWrite);
  std::size_t earlier_runs = 0;
  for (const WorkflowRun& run : runs_) {
    if (run.id != id) continue;
    ++earlier_runs;
    if (run.status == RunStatus::kRunning) {
      // Temporal matches the request id of a retried start to the open run.
      if (exec_.recording()) exec_.record("workflow.start", fmt::format("redelivered start_workflow {} id={}", type, id),
                                          "deduplicated: the run is open");
      return;
    }
  }
  start_run(type, id, earlier_runs, body);
  if (exec_.recording()) {
    exec_.record("workflow.start", fmt::format("redelivered start_workflow {} id={}", type, id),
                 "started again: the first run had ended");
  }
}

void WorkflowEngine::wait_for_result(const std::string& id) {
  exec_.scheduling_point();
  exec_.touch(runs_resource(), Access::kRead);
  std::optional<std::size_t> latest;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (runs_[i].id == id) latest = i;
  }
  if (!latest) throw std::invalid_argument(fmt::format("no workflow with id {} was started", id));
  const WorkflowRun& run = runs_[*latest];
  while (run.status == RunStatus::kRunning) {
    const auto label = [&id] { return fmt::format("workflow {}", id); };
    if (!run_ended_[*latest]) run_ended_[*latest] = std::make_unique<WaitQueue>(exec_);
    run_ended_[*latest]->wait({&run.actor, 1}, WaitLabel::written_by(label));
  }
  if (run.status == RunStatus::kFailed) {
    throw WorkflowFailureError(fmt::format("workflow {} failed: {}", id, run.failure));
  }
}

void WorkflowEngine::run_workflow(std::size_t run_index) {
  WorkflowRun& run = runs_[run_index];
  WorkflowContext context(*this, run);
  try {
    run.body(context);
    run.status = RunStatus::kCompleted;
  } catch (const ActivityError& error) {
    run.status = RunStatus::kFailed;
    run.failure = error.what();
    run.failure_cause = error.cause();
  } catch (const std::exception& error) {
    run.status = RunStatus::kFailed;
    run.failure = error.what();
  } catch (const ExecutionCancelled&) {
    throw;  // a stopped execution unwinds; the run ends with it
  } catch (...) {
    run.status = RunStatus::kFailed;
    run.failure = "unknown exception (not a std::exception)";
  }
  ++ended_runs_;
  exec_.touch(runs_resource(), Access::kWrite);
  if (exec_.recording()) {
    exec_.record("workflow.end", fmt::format("{} {}", run.type, run.id),
                 run.status == RunStatus::kCompleted ? "completed" : "failed: " + run.failure);
  }
  if (run_ended_[run_index]) run_ended_[run_index]->notify_all();
}

}  // namespace interleave::model::workflows
