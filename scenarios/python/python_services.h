#pragma once
// The one door from the scenario registry (operations.cc) to Python
// services, free of pybind11 so that including it costs nothing.

#include <string>

#include "scenarios/operations.h"

namespace interleave::scenarios::python {

// The service the module at `path` (absolute) declares, imported once per
// process; starts the interpreter on first use. Throws ScenarioError naming
// the file (and line, for a syntax error).
const ServiceDef& python_service(const std::string& path);

}  // namespace interleave::scenarios::python
