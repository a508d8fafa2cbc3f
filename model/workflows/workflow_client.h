#pragma once
// The workflow port: what a service asks of the workflow service, as
// Temporal's client offers it (start a workflow under an id, wait for a
// run's result). Services hold it as they hold the db port's Connect; the
// model (workflow_engine.h) implements it. A workflow's own code is given a
// WorkflowContext (workflow_engine.h) to run its activities.

#include <functional>
#include <string>
#include <string_view>

namespace interleave::model::workflows {

class WorkflowContext;
using WorkflowBody = std::function<void(WorkflowContext&)>;

class WorkflowClient {
 public:
  virtual ~WorkflowClient() = default;
  // client.start_workflow(...): a call to the workflow service. Throws
  // WorkflowAlreadyStarted while a run with `id` is open, and the service's
  // faults (workflow_errors.h).
  virtual void start_workflow(std::string_view type, const std::string& id, WorkflowBody body) = 0;
  // handle.result(): waits until the latest run with `id` has ended; throws
  // WorkflowFailureError when it failed.
  virtual void wait_for_result(const std::string& id) = 0;
};

}  // namespace interleave::model::workflows
