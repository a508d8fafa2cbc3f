#include "scenarios/python/python_service.h"

#include <filesystem>

#include <fmt/format.h>

#include "scenarios/python/python_failure.h"
#include "scenarios/python/runtime.h"
#include "scenarios/python/stepper.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/services/call_support.h"

namespace py = pybind11;

namespace interleave::scenarios::python {

namespace {

// The error of a module that did not import, as a scenario error: Python's
// own file:line:column for a syntax error, the module's path otherwise.
[[noreturn]] void fail_import(const std::string& path, py::error_already_set& error) {
  if (error.matches(PyExc_SyntaxError)) {
    py::object value = error.value();
    const std::string file = py::str(value.attr("filename"));
    const py::object line = value.attr("lineno");
    const py::object column = value.attr("offset");
    throw ScenarioError(fmt::format("{}:{}:{}: SyntaxError: {}", file, line.is_none() ? 0 : line.cast<int>(),
                                    column.is_none() ? 0 : column.cast<int>(), std::string(py::str(value.attr("msg")))));
  }
  PythonFailure failure = [&] {
    error.restore();
    return fetch_failure();
  }();
  throw ScenarioError(fmt::format("{}: the service module failed to load: {}\n{}", path, failure.summary(),
                                  failure.traceback()));
}

// What the ledger knows a call of an operation by, worked out at load time
// rather than asked of Python per call.
struct LedgerNames {
  std::string operation;     // Service.ledger_name()
  std::string key_argument;  // Service.keys; empty: no key
};

void run_operation(LoadedService& loaded, std::string_view operation, const LedgerNames& names, model::World& world,
                   std::string_view variant, const Arguments& arguments) {
  py::dict kwargs;
  for (const auto& [name, value] : arguments) kwargs[py::str(name)] = py::str(value);
  const py::object& service = loaded.service;
  const auto key = arguments.find(names.key_argument);
  model::CallOutcome outcome{world.exec.current(), names.operation,
                             key == arguments.end() ? std::string() : key->second};
  try {
    Stepper stepper(world, nullptr);
    py::object result =
        stepper.run([&service, variant, operation, &kwargs] { return service.attr("call")(variant, operation, kwargs); });
    outcome.status = model::CallStatus::kSuccess;
    outcome.detail = result.is_none() ? std::string() : std::string(py::str(result));
  } catch (const PythonFailure& failure) {
    // Not the service's answer but a run that cannot be trusted: the run
    // stops with the actor crashed, naming what to use instead.
    if (py::isinstance(failure.exception(), Runtime::instance().api().determinism_error)) {
      throw std::runtime_error(failure.summary());
    }
    const bool refusal = service.attr("is_refusal")(failure.exception()).cast<bool>();
    outcome.status = refusal ? model::CallStatus::kConflict : model::CallStatus::kError;
    outcome.detail = refusal ? failure.message() : failure.summary();
    if (!refusal && world.exec.recording()) world.exec.record("python.traceback", outcome.operation, failure.traceback());
  }
  finish_call(world, std::move(outcome));
}

}  // namespace

std::unique_ptr<LoadedService> load_service(const std::string& path, const std::string& module_name) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw ScenarioError(fmt::format("{}: no such Python service module", path));
  }
  Runtime& runtime = Runtime::instance();
  auto loaded = std::make_unique<LoadedService>();
  py::list operations;
  try {
    loaded->service = runtime.api().load(path, module_name);
    operations = loaded->service.attr("operations")();
  } catch (py::error_already_set& failure) {
    fail_import(path, failure);
  }
  auto keep = [&](std::string text) -> std::string_view { return loaded->text.emplace_back(std::move(text)); };
  ServiceDef& def = loaded->def;
  def.name = keep("python:" + path);
  for (py::handle variant : loaded->service.attr("variants")) def.variants.push_back(keep(py::str(variant)));
  LoadedService* service = loaded.get();
  for (py::handle operation : operations) {
    OperationDef op{keep(py::str(operation.attr("name"))), def.name, {}, {}, {}};
    for (py::handle name : operation.attr("required")) op.required.push_back(keep(py::str(name)));
    for (py::handle name : operation.attr("optional")) op.optional.push_back(keep(py::str(name)));
    LedgerNames names{py::str(loaded->service.attr("ledger_name")(op.name)),
                      py::str(loaded->service.attr("keys").attr("get")(op.name, ""))};
    op.run = [service, name = op.name, names](model::World& world, std::string_view variant,
                                              const Arguments& arguments) {
      run_operation(*service, name, names, world, variant, arguments);
    };
    def.operations.push_back(std::move(op));
  }
  return loaded;
}

}  // namespace interleave::scenarios::python
