#pragma once
// A service module written in Python (scenario line `service
// python:services/tenant.py`): its interleave.Service as a ServiceDef whose
// operations step the variant's coroutine methods as the calling actor, and
// record the call's outcome in the ledger as the C++ services do.

#include <deque>
#include <memory>
#include <string>

#include <pybind11/pybind11.h>

#include "model/db/session.h"
#include "scenarios/operations.h"

namespace interleave::scenarios::python {

// The connection an AsyncSession holds (its `_conn`), closed by the stepper
// of the coroutine that opened it.
struct SessionBox {
  std::unique_ptr<model::db::Session> session;
  // A route's request session (get_db), owned by the HTTP pipeline: lent
  // while the route's coroutine runs, nullptr after.
  model::db::Session* borrowed = nullptr;
  // SQLAlchemy's session begins a transaction at its first statement; SQL
  // text outside BEGIN would commit on its own, so the stepper sends BEGIN
  // first (as asyncpg does: one more statement).
  bool in_transaction = false;

  // The connection statements go to; nullptr once closed.
  model::db::Session* connection() const { return session ? session.get() : borrowed; }
};

struct LoadedService {
  pybind11::object service;      // the module's interleave.Service
  std::deque<std::string> text;  // what def's string_views point at
  ServiceDef def;
};

// Imports the module at `path` (absolute) as `module_name`. Throws
// ScenarioError: "path:line:column: SyntaxError: ..." for a syntax error,
// "path: ..." for a missing file or a module that declares no service.
std::unique_ptr<LoadedService> load_service(const std::string& path, const std::string& module_name);

}  // namespace interleave::scenarios::python
