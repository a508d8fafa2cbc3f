#include "scenarios/python/runtime.h"

#include <filesystem>

#include <fmt/format.h>

#include "scenarios/python/python_service.h"
#include "scenarios/python/python_services.h"
#include "scenarios/python/stepper.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/services/call_support.h"

namespace py = pybind11;

namespace interleave::scenarios::python {

namespace {

// The interpreter's settings: isolated from the user's environment
// (PYTHONPATH, user site), with hash randomization off, so set and dict
// orders of str keys are the same in every run.
PyConfig fixed_config() {
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.use_hash_seed = 1;
  config.hash_seed = 0;
  config.install_signal_handlers = 0;  // Ctrl-C stays the command's (exit 130)
  return config;
}

model::World& current_world() {
  Stepper* stepper = Stepper::current();
  if (!stepper) throw std::runtime_error("called outside a service's step: no run to ask");
  return stepper->world();
}

}  // namespace

// What the `interleave` package asks C++: whether a service is running now,
// and the run's virtual time; and the connection a session holds.
namespace {

// Registered by Runtime before the interpreter starts, not by a static
// initializer (PYBIND11_EMBEDDED_MODULE's): a catalogue loaded during
// another file's static initialization (the benchmarks') would come first.
void define_module(py::module_& module) {
  module.def("in_service", [] { return Stepper::current() != nullptr; });
  module.def("now_ms", [] { return current_world().exec.now_ms(); });
  // For a scenario's glue code, not the reports' (interleave.harness): a
  // committed row's id read without a statement, the calling actor's name,
  // and a call outcome for the properties that judge activity runs.
  module.def("committed_id", [](const std::string& table, const std::string& column, const std::string& value) {
    std::optional<std::int64_t> id = committed_id(current_world(), table, column, value);
    return id ? py::object(py::int_(*id)) : py::object(py::none());
  });
  module.def("actor_name", [] {
    model::World& world = current_world();
    return world.exec.actor_info(world.exec.current()).name;
  });
  module.def("record_call", [](std::string operation, std::string key, bool ok, std::string detail) {
    model::World& world = current_world();
    model::CallOutcome outcome{world.exec.current(), std::move(operation), std::move(key)};
    outcome.status = ok ? model::CallStatus::kSuccess : model::CallStatus::kError;
    outcome.detail = std::move(detail);
    finish_call(world, std::move(outcome));
  });
  module.def("log_error", [](const std::string& line) {
    model::World& world = current_world();
    if (world.exec.recording()) world.exec.record("log.error", line, "logged");
  });
  py::class_<SessionBox>(module, "Connection");
}

}  // namespace

extern "C" PyObject* init_interleave_module() {
  static py::module_::module_def definition;
  try {
    py::module_ module = py::module_::create_extension_module("_interleave", nullptr, &definition);
    define_module(module);
    return module.release().ptr();
  } catch (py::error_already_set& error) {
    error.restore();
    return nullptr;
  }
}

Runtime::Runtime() : interpreter_([] {
  PyImport_AppendInittab("_interleave", &init_interleave_module);
  static PyConfig config = fixed_config();
  return &config;
}(), 0, nullptr, false) {
  py::module_ sys = py::module_::import("sys");
  sys.attr("path").attr("insert")(0, INTERLEAVE_PYTHON_DIR);
  sys.attr("dont_write_bytecode") = true;  // leave the source tree as it was
  py::module_ db = py::module_::import("interleave.db");
  py::module_ errors = py::module_::import("interleave.errors");
  py::module_::import("interleave");
  api_.result = db.attr("Result");
  api_.async_session = db.attr("AsyncSession");
  api_.integrity_error = errors.attr("IntegrityError");
  api_.http_exception = errors.attr("HTTPException");
  api_.dbapi_error = errors.attr("DBAPIError");
  api_.determinism_error = errors.attr("DeterminismError");
  api_.already_started = errors.attr("WorkflowAlreadyStartedError");
  api_.rpc_error = errors.attr("RPCError");
  api_.application_error = errors.attr("ApplicationError");
  api_.activity_error = errors.attr("ActivityError");
  api_.workflow_failure = errors.attr("WorkflowFailureError");
  py::module_ requests = py::module_::import("interleave._requests");
  api_.execute = requests.attr("Execute");
  api_.commit = requests.attr("Commit");
  api_.rollback = requests.attr("Rollback");
  api_.start_workflow = requests.attr("StartWorkflow");
  api_.execute_activity = requests.attr("ExecuteActivity");
  api_.wait_for_result = requests.attr("WaitForResult");
  api_.sleep = requests.attr("Sleep");
  api_.format_exception = py::module_::import("traceback").attr("format_exception");
  api_.load = py::module_::import("interleave.service").attr("load");
}

Runtime& Runtime::instance() {
  // Never destroyed: Py_FinalizeEx at exit runs extension modules' teardown
  // (greenlet, which SQLAlchemy imports, crashes there when embedded), and a
  // process that ends needs none of it. Everything stays reachable, so
  // LeakSanitizer reports none of it either.
  static Runtime* runtime = new Runtime;
  return *runtime;
}

const ServiceDef& Runtime::service(const std::string& path) {
  auto found = services_.find(path);
  if (found != services_.end()) return found->second->def;
  auto loaded = load_service(path, fmt::format("interleave_service_{}", services_.size()));
  return services_.emplace(path, std::move(loaded)).first->second->def;
}

}  // namespace interleave::scenarios::python

namespace interleave::scenarios::python {

const ServiceDef& python_service(const std::string& path) { return Runtime::instance().service(path); }

}  // namespace interleave::scenarios::python
