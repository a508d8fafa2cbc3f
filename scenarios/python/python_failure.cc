#include "scenarios/python/python_failure.h"

#include <fmt/format.h>

#include "scenarios/python/runtime.h"

namespace py = pybind11;

namespace interleave::scenarios::python {

namespace {

bool is_library(const std::string& file) {
  return file.find("/interleave/") != std::string::npos || file.rfind("/usr/lib/python", 0) == 0 ||
         file.rfind("<frozen", 0) == 0;
}

// The innermost frame outside the interleave package and the standard
// library: the service's line that raised, or that called what raised.
std::string service_frame(py::object traceback) {
  std::string where;
  for (; !traceback.is_none(); traceback = traceback.attr("tb_next")) {
    py::object code = traceback.attr("tb_frame").attr("f_code");
    const std::string file = py::str(code.attr("co_filename"));
    if (is_library(file)) continue;
    const auto slash = file.rfind('/');
    where = fmt::format("{}:{} in {}", slash == std::string::npos ? file : file.substr(slash + 1),
                        traceback.attr("tb_lineno").cast<long>(), std::string(py::str(code.attr("co_name"))));
  }
  return where;
}

}  // namespace

std::string PythonFailure::type() const { return py::str(py::type::handle_of(exception_).attr("__name__")); }

std::string PythonFailure::message() const { return py::str(exception_); }

std::string PythonFailure::summary() const {
  const std::string message = this->message();
  std::string text = message.empty() ? type() : fmt::format("{}: {}", type(), message);
  const std::string where = service_frame(exception_.attr("__traceback__"));
  if (!where.empty()) text += fmt::format(" ({})", where);
  return text;
}

std::string PythonFailure::traceback() const {
  std::string text;
  for (py::handle line : Runtime::instance().api().format_exception(exception_)) text += py::str(line);
  return text;
}

PythonFailure fetch_failure() {
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (traceback) PyException_SetTraceback(value, traceback);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  return PythonFailure(py::reinterpret_steal<py::object>(value));
}

}  // namespace interleave::scenarios::python
