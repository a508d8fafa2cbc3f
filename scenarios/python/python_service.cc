#include "scenarios/python/python_service.h"

#include <filesystem>

#include <fmt/format.h>

#include "model/http/http_exception.h"
#include "model/http/pipeline.h"
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
  std::string key_argument;  // Service.keys; empty: no key (or a key function)
  py::object key_function;   // Service.keys' function of the arguments, if any
};

py::dict keyword_arguments(const Arguments& arguments) {
  py::dict kwargs;
  for (const auto& [name, value] : arguments) kwargs[py::str(name)] = py::str(value);
  return kwargs;
}

std::string call_key(const LedgerNames& names, const Arguments& arguments, const py::dict& kwargs) {
  if (names.key_function) {
    try {
      return py::str(names.key_function(kwargs));
    } catch (py::error_already_set& error) {
      error.restore();
      throw std::runtime_error("the service's key function failed: " + fetch_failure().summary());
    }
  }
  const auto key = arguments.find(names.key_argument);
  return key == arguments.end() ? std::string() : key->second;
}

bool is_determinism_error(const PythonFailure& failure) {
  return py::isinstance(failure.exception(), Runtime::instance().api().determinism_error);
}

// An operation marked @route: one HTTP request through the model's pipeline
// (model/http/pipeline.h), which writes its exchange to the ledger. The
// route's coroutine is the dependency and the handler at once, on the
// pipeline's session; an HTTPException is its answer, any other exception a
// 500 whose detail names the service's line (and whose traceback is an event).
void run_route(LoadedService& loaded, std::string_view operation, std::string_view route_name,
               const LedgerNames& names, model::World& world, std::string_view variant,
               const Arguments& arguments) {
  py::dict kwargs = keyword_arguments(arguments);
  const py::object& service = loaded.service;
  const Api& api = Runtime::instance().api();
  std::string detail;
  std::string not_deterministic;  // the run stops after the response, not as a 500
  model::http::Route route{
      route_name,
      [&](model::db::Session& db, const std::string&) -> model::db::Row {
        auto* box = new SessionBox{nullptr, &db};
        py::object connection = py::cast(box, py::return_value_policy::take_ownership);
        py::object session = api.async_session();
        session.attr("_conn") = connection;
        struct Return {
          SessionBox* box;
          ~Return() { box->borrowed = nullptr; }  // the pipeline closes it
        } lent{box};
        try {
          Stepper stepper(world, nullptr);
          py::object result = stepper.run([&service, variant, operation, &kwargs, &session] {
            return service.attr("call")(variant, operation, kwargs, session);
          });
          detail = result.is_none() ? std::string() : std::string(py::str(result));
        } catch (const PythonFailure& failure) {
          if (is_determinism_error(failure)) {
            not_deterministic = failure.summary();
            throw std::runtime_error(not_deterministic);
          }
          const py::object& error = failure.exception();
          if (py::isinstance(error, api.http_exception)) {
            const py::object detail_of = error.attr("detail");
            throw model::http::HttpException(error.attr("status_code").cast<int>(),
                                             detail_of.is_none() ? std::string() : std::string(py::str(detail_of)));
          }
          if (world.exec.recording()) world.exec.record("python.traceback", std::string(operation), failure.traceback());
          throw std::runtime_error(failure.summary());
        }
        return {};
      },
      [&detail](model::db::Session&, const model::db::Row&) {
        return model::http::Response{model::http::status::kOk, detail};
      }};
  model::http::serve(world, route, call_key(names, arguments, kwargs));
  if (!not_deterministic.empty()) throw std::runtime_error(not_deterministic);
}

void run_operation(LoadedService& loaded, std::string_view operation, const LedgerNames& names, model::World& world,
                   std::string_view variant, const Arguments& arguments) {
  py::dict kwargs = keyword_arguments(arguments);
  const py::object& service = loaded.service;
  model::CallOutcome outcome{world.exec.current(), names.operation, call_key(names, arguments, kwargs)};
  try {
    Stepper stepper(world, nullptr);
    py::object result =
        stepper.run([&service, variant, operation, &kwargs] { return service.attr("call")(variant, operation, kwargs); });
    outcome.status = model::CallStatus::kSuccess;
    outcome.detail = result.is_none() ? std::string() : std::string(py::str(result));
  } catch (const PythonFailure& failure) {
    // Not the service's answer but a run that cannot be trusted: the run
    // stops with the actor crashed, naming what to use instead.
    if (is_determinism_error(failure)) {
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
    LedgerNames names{py::str(loaded->service.attr("ledger_name")(op.name)), {}, {}};
    py::object key = loaded->service.attr("keys").attr("get")(op.name, "");
    if (py::isinstance<py::str>(key)) {
      names.key_argument = py::str(key);
    } else {
      names.key_function = key;
    }
    const std::string route = py::str(operation.attr("route"));
    if (route.empty()) {
      op.run = [service, name = op.name, names](model::World& world, std::string_view variant,
                                                const Arguments& arguments) {
        run_operation(*service, name, names, world, variant, arguments);
      };
    } else {
      op.run = [service, name = op.name, route_name = keep(route), names](
                   model::World& world, std::string_view variant, const Arguments& arguments) {
        run_route(*service, name, route_name, names, world, variant, arguments);
      };
    }
    def.operations.push_back(std::move(op));
  }
  return loaded;
}

}  // namespace interleave::scenarios::python
