#pragma once
// A Python exception that escaped a service's coroutine, as C++ carries it
// up to the ledger or the workflow model. A clean refusal needs only the
// exception; the rest is worked out on demand, since a schedule may refuse
// many calls: summary() is one line with the innermost frame of the
// service's own code ("ValueError: slug taken (tenant.py:31 in
// create_tenant)"), traceback() Python's full text.

#include <stdexcept>
#include <string>

#include <pybind11/pybind11.h>

namespace interleave::scenarios::python {

class PythonFailure : public std::exception {
 public:
  explicit PythonFailure(pybind11::object exception) : exception_(std::move(exception)) {}
  const char* what() const noexcept override { return "a Python exception escaped a service"; }

  const pybind11::object& exception() const { return exception_; }
  std::string type() const;  // the exception's class name
  std::string message() const;
  std::string summary() const;
  std::string traceback() const;

 private:
  pybind11::object exception_;
};

// Takes the current Python error (PyErr_Occurred()) and clears it.
PythonFailure fetch_failure();

}  // namespace interleave::scenarios::python
