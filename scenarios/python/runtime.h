#pragma once
// The embedded CPython interpreter: started once per process, on the first
// Python service a scenario names (C++-only runs never start it), with a
// fixed hash seed (PYTHONHASHSEED=0 semantics) and the repository's
// `interleave` package (scenarios/python/interleave/) on sys.path. It lives
// until the process ends, never finalized.

#include <map>
#include <memory>
#include <string>

#include <pybind11/embed.h>

#include "scenarios/operations.h"

namespace interleave::scenarios::python {

struct LoadedService;

// The Python objects C++ builds or tests against, looked up once.
struct Api {
  pybind11::object result;         // interleave.db.Result
  pybind11::object async_session;  // interleave.db.AsyncSession
  pybind11::object integrity_error, dbapi_error, http_exception;
  pybind11::object determinism_error;
  pybind11::object already_started, rpc_error, application_error, activity_error, workflow_failure;
  // interleave._requests' classes, one per request kind.
  pybind11::object execute, commit, rollback, start_workflow, execute_activity, wait_for_result, sleep;
  pybind11::object format_exception;  // traceback.format_exception
  pybind11::object load;              // interleave.service.load
};

class Runtime {
 public:
  // Starts the interpreter on first use.
  static Runtime& instance();

  const Api& api() const { return api_; }

  // The service the module at `path` (absolute) declares, imported once.
  // Throws ScenarioError naming the file (and line, for a syntax error).
  const ServiceDef& service(const std::string& path);

 private:
  Runtime();

  pybind11::scoped_interpreter interpreter_;  // first: it outlives every object below
  Api api_;
  std::map<std::string, std::unique_ptr<LoadedService>> services_;
};

}  // namespace interleave::scenarios::python
