#include "scenarios/python/stepper.h"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/execution.h"
#include "model/db/error.h"
#include "model/workflows/workflow_errors.h"
#include "scenarios/python/python_failure.h"
#include "scenarios/python/python_service.h"
#include "scenarios/python/runtime.h"

namespace py = pybind11;

namespace interleave::scenarios::python {

namespace {

Stepper* running = nullptr;

// Marks `stepper` as the one whose Python code runs, for the length of a
// step. Steps never span a fiber switch, so a plain save/restore nests.
class Running {
 public:
  explicit Running(Stepper* stepper) : saved_(std::exchange(running, stepper)) {}
  ~Running() { running = saved_; }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  Stepper* saved_;
};

// A request the stepper cannot perform: the service's mistake, thrown into
// its coroutine as a TypeError.
class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

model::db::Value to_value(py::handle value) {
  if (value.is_none()) return std::monostate{};
  if (PyBool_Check(value.ptr())) return std::string(value.ptr() == Py_True ? "true" : "false");
  if (PyLong_Check(value.ptr())) return value.cast<std::int64_t>();
  return std::string(py::str(value));
}

py::object to_python(const model::db::Value& value, model::db::ColumnType type) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    if (type == model::db::ColumnType::kBoolean) return py::bool_(*number != 0);
    return py::int_(*number);
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    if (type == model::db::ColumnType::kBoolean) return py::bool_(*text == "t" || *text == "true");
    return py::str(*text);
  }
  return py::none();
}

// The exception a Python caller sees for what a port threw, as SQLAlchemy,
// temporalio and the service's own code would raise it.
py::object python_exception(const std::exception& error) {
  const Api& api = Runtime::instance().api();
  if (const auto* db = dynamic_cast<const model::db::DbError*>(&error)) {
    const py::object& kind = db->is_integrity_error() ? api.integrity_error : api.dbapi_error;
    return kind(fmt::format("({}) {}", db->sqlstate(), db->what()), db->sqlstate(), db->detail());
  }
  using namespace model::workflows;
  if (dynamic_cast<const WorkflowAlreadyStarted*>(&error)) return api.already_started(error.what());
  if (dynamic_cast<const WorkflowServiceUnavailable*>(&error)) return api.rpc_error(error.what());
  if (dynamic_cast<const WorkflowFailureError*>(&error)) return api.workflow_failure(error.what());
  if (const auto* activity = dynamic_cast<const ActivityError*>(&error)) {
    const ActivityFailure& cause = activity->cause();
    py::object application =
        api.application_error(cause.message, py::arg("type") = cause.type, py::arg("non_retryable") = cause.non_retryable);
    return api.activity_error(error.what(), application, std::string(to_string(activity->retry_state())));
  }
  if (dynamic_cast<const BadRequest*>(&error)) return py::reinterpret_borrow<py::object>(PyExc_TypeError)(error.what());
  if (dynamic_cast<const std::invalid_argument*>(&error)) {
    return py::reinterpret_borrow<py::object>(PyExc_ValueError)(error.what());
  }
  return py::reinterpret_borrow<py::object>(PyExc_RuntimeError)(error.what());
}

// One step: sends `value` in, or throws `exception` in when it is set.
// Returns the next request, or nullptr with *result set when the coroutine
// returned; throws PythonFailure when an exception escaped it.
py::object step(const py::object& coroutine, const py::object& value, const py::object& exception,
                py::object& result) {
  PyObject* yielded = nullptr;
  if (exception) {
    yielded = PyObject_CallMethodOneArg(coroutine.ptr(), py::str("throw").ptr(), exception.ptr());
    if (!yielded) {
      if (!PyErr_ExceptionMatches(PyExc_StopIteration)) throw fetch_failure();
      PyObject *type = nullptr, *stop = nullptr, *traceback = nullptr;
      PyErr_Fetch(&type, &stop, &traceback);
      PyErr_NormalizeException(&type, &stop, &traceback);
      result = py::reinterpret_borrow<py::object>(reinterpret_cast<PyStopIterationObject*>(stop)->value);
      Py_XDECREF(type);
      Py_XDECREF(stop);
      Py_XDECREF(traceback);
      return py::object();
    }
    return py::reinterpret_steal<py::object>(yielded);
  }
  switch (PyIter_Send(coroutine.ptr(), value.ptr(), &yielded)) {
    case PYGEN_NEXT: return py::reinterpret_steal<py::object>(yielded);
    case PYGEN_RETURN: result = py::reinterpret_steal<py::object>(yielded); return py::object();
    case PYGEN_ERROR: break;
  }
  throw fetch_failure();
}

// The run is over for this actor (ExecutionCancelled): finish the coroutine
// without running its code further than its finally blocks, and let nothing
// it raises escape.
void abandon(const py::object& coroutine) {
  PyObject* closed = PyObject_CallMethodNoArgs(coroutine.ptr(), py::str("close").ptr());
  if (closed) {
    Py_DECREF(closed);
  } else {
    PyErr_Clear();
  }
}

}  // namespace

Stepper* Stepper::current() { return running; }

Stepper::~Stepper() {
  for (py::object& connection : connections_) connection.cast<SessionBox&>().session.reset();
}

py::object Stepper::run(const std::function<py::object()>& start) {
  py::object coroutine;
  {
    Running now(this);
    try {
      coroutine = start();
    } catch (py::error_already_set& error) {
      error.restore();
      throw fetch_failure();
    }
  }
  if (!PyCoro_CheckExact(coroutine.ptr()) && !PyGen_CheckExact(coroutine.ptr())) {
    throw std::invalid_argument(fmt::format("a service operation must be `async def`; it returned {}",
                                            std::string(py::str(py::type::handle_of(coroutine).attr("__name__")))));
  }
  py::object value = py::none();
  py::object exception;
  for (;;) {
    py::object result;
    py::object request;
    {
      Running now(this);
      request = step(coroutine, value, exception, result);
    }
    if (!request) return result;
    exception = py::object();
    try {
      value = perform(request);
    } catch (const ExecutionCancelled&) {
      abandon(coroutine);
      throw;
    } catch (py::error_already_set& error) {
      value = py::object();
      exception = error.value();
    } catch (const std::exception& error) {
      value = py::object();
      exception = python_exception(error);
    }
  }
}

py::object Stepper::perform(py::handle request) {
  // Requests are interleave._requests' classes: told apart by type, with no
  // attribute lookup or string per step.
  const Api& api = Runtime::instance().api();
  PyTypeObject* type = Py_TYPE(request.ptr());
  const auto is = [type](const py::object& kind) { return type == reinterpret_cast<PyTypeObject*>(kind.ptr()); };
  const std::string_view kind = is(api.execute)            ? "execute"
                                : is(api.commit)           ? "commit"
                                : is(api.rollback)         ? "rollback"
                                : is(api.start_workflow)   ? "start_workflow"
                                : is(api.execute_activity) ? "execute_activity"
                                : is(api.wait_for_result)  ? "wait_for_result"
                                : is(api.sleep)            ? "sleep"
                                                           : "";
  if (kind == "execute") return execute(request);
  if (kind == "commit" || kind == "rollback") {
    SessionBox& box = session_of(request.attr("session"));
    // A session that sent nothing has no transaction to end: nothing is sent.
    if (!box.in_transaction) return py::none();
    box.in_transaction = false;
    if (kind == "commit") {
      box.connection()->commit();
    } else {
      box.connection()->rollback();
    }
    return py::none();
  }
  if (kind == "start_workflow") return start_workflow(request);
  if (kind == "execute_activity") return execute_activity(request);
  if (kind == "wait_for_result") {
    world_.workflows.wait_for_result(py::str(request.attr("id")));
    return py::none();
  }
  if (kind == "sleep") {
    world_.exec.sleep_for(request.attr("ms").cast<std::int64_t>());
    return py::none();
  }
  throw BadRequest(fmt::format("awaited {}, which is not an interleave request (await the session, the client or "
                               "interleave.sleep)",
                               std::string(py::repr(request))));
}

SessionBox& Stepper::session_of(py::handle session) {
  py::object connection = session.attr("_conn");
  if (connection.is_none()) {
    connection = py::cast(new SessionBox{world_.db.connect()}, py::return_value_policy::take_ownership);
    session.attr("_conn") = connection;
    connections_.push_back(connection);
  }
  auto& box = connection.cast<SessionBox&>();
  if (!box.connection()) throw BadRequest("this session's connection was closed when the call that opened it returned");
  return box;
}

py::object Stepper::execute(py::handle request) {
  SessionBox& box = session_of(request.attr("session"));
  model::db::Session& session = *box.connection();
  if (!box.in_transaction) {
    session.execute("BEGIN");
    box.in_transaction = true;
  }
  std::vector<model::db::Value> params;
  for (py::handle param : request.attr("params")) params.push_back(to_value(param));
  const model::db::SqlResult result = session.execute(request.attr("sql").cast<std::string>(), params);
  py::list columns;
  for (const model::db::SqlColumn& column : result.columns) columns.append(py::str(column.name));
  py::list rows;
  for (const auto& row : result.rows) {
    py::tuple values(row.size());
    for (std::size_t i = 0; i < row.size(); ++i) values[i] = to_python(row[i], result.columns[i].type);
    rows.append(std::move(values));
  }
  return Runtime::instance().api().result(columns, rows, result.rows_affected);
}

py::object Stepper::start_workflow(py::handle request) {
  model::World& world = world_;
  py::object start = request.attr("start");
  world_.workflows.start_workflow(
      request.attr("type").cast<std::string>(), request.attr("id").cast<std::string>(),
      [&world, start](model::workflows::WorkflowContext& context) {
        Stepper stepper(world, &context);
        try {
          stepper.run([&start] { return start(); });
        } catch (const PythonFailure& failure) {
          throw std::runtime_error(failure.summary());
        }
      });
  return py::none();
}

py::object Stepper::execute_activity(py::handle request) {
  if (!workflow_) throw BadRequest("workflow.execute_activity() outside a workflow's run");
  model::workflows::ActivityOptions options = model::workflows::ActivityOptions::single_attempt();
  py::object timeout = request.attr("timeout_ms");
  py::object retry = request.attr("retry");
  if (!timeout.is_none()) {
    options.start_to_close_timeout_ms = timeout.cast<std::int64_t>();
    options.retry_policy = {};  // Temporal's default: retry for ever
  }
  if (!retry.is_none()) {
    auto fields = retry.cast<py::tuple>();
    options.retry_policy.initial_interval_ms = fields[0].cast<std::int64_t>();
    options.retry_policy.backoff_coefficient = fields[1].cast<double>();
    if (!fields[2].is_none()) options.retry_policy.maximum_interval_ms = fields[2].cast<std::int64_t>();
    options.retry_policy.maximum_attempts = fields[3].cast<std::uint32_t>();
    for (py::handle type : fields[4]) options.retry_policy.non_retryable_error_types.push_back(py::str(type));
  }
  model::World& world = world_;
  py::object start = request.attr("start");
  // The attempt's actor may outlive this step (a timed-out attempt runs on).
  auto result = std::make_shared<py::object>(py::none());
  workflow_->execute_activity(
      request.attr("name").cast<std::string>(),
      [&world, start, result] {
        Stepper stepper(world, nullptr);
        try {
          *result = stepper.run([&start] { return start(); });
        } catch (const PythonFailure& failure) {
          // As temporalio reports it: an ApplicationError keeps its type and
          // flag, any other exception is typed by its class name.
          py::object error = failure.exception();
          const bool application = py::isinstance(error, Runtime::instance().api().application_error);
          std::string type = failure.type();
          bool non_retryable = false;
          if (application) {
            if (!error.attr("type").is_none()) type = py::str(error.attr("type"));
            non_retryable = error.attr("non_retryable").cast<bool>();
          }
          // Its message is str(error), as Temporal reports it (properties read it).
          throw model::workflows::ApplicationError(type, failure.message(), non_retryable);
        }
      },
      options);
  return *result;
}

}  // namespace interleave::scenarios::python
