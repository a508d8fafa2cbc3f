#pragma once
// Runs one Python coroutine as the calling actor (DESIGN.md §10): each await
// on an interleave request yields it up to here; the request is performed
// through the ports between two steps (which may park this actor's fiber: a
// scheduling point) and its result sent back, or the mapped exception thrown
// in. No Python frame is executing while the fiber is switched out.

#include <functional>
#include <vector>

#include <pybind11/pybind11.h>

#include "model/world.h"
#include "model/workflows/workflow_engine.h"

namespace interleave::scenarios::python {

struct SessionBox;

class Stepper {
 public:
  // `workflow`: the run's context when the coroutine is a workflow body
  // (it may execute activities); nullptr for a request or an activity.
  Stepper(model::World& world, model::workflows::WorkflowContext* workflow) : world_(world), workflow_(workflow) {}
  // Closes the connections the coroutine opened, as a request's end does.
  ~Stepper();
  Stepper(const Stepper&) = delete;
  Stepper& operator=(const Stepper&) = delete;

  // Calls `start` for the coroutine and runs it to its end; returns what it
  // returned. Throws PythonFailure for an exception that escaped it;
  // ExecutionCancelled passes through (the coroutine closed first).
  pybind11::object run(const std::function<pybind11::object()>& start);

  model::World& world() { return world_; }

  // The stepper whose Python code is running now, if any: only then is a
  // service running (the determinism guards' question).
  static Stepper* current();

 private:
  pybind11::object perform(pybind11::handle request);
  pybind11::object execute(pybind11::handle request);
  SessionBox& session_of(pybind11::handle session);
  pybind11::object start_workflow(pybind11::handle request);
  pybind11::object execute_activity(pybind11::handle request);

  model::World& world_;
  model::workflows::WorkflowContext* workflow_;
  std::vector<pybind11::object> connections_;  // SessionBoxes this coroutine opened
};

}  // namespace interleave::scenarios::python
