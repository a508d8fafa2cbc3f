#pragma once
// The backend's infrastructure for one execution: the database, the workflow
// service, and the ledger of what callers were told. Built fresh for every
// schedule; the properties read it.

#include "harness/execution.h"
#include "model/app_schema.h"
#include "model/db/database.h"
#include "model/invariants/ledger.h"
#include "model/workflows/workflow_engine.h"

namespace interleave::model {

struct World {
  explicit World(Execution& exec, workflows::FaultPlan faults = {})
      : exec(exec), db(exec, app_tables()), workflows(exec, faults) {
    db.inject_faults(&workflows.fault_injector());
  }

  Execution& exec;
  db::Database db;
  workflows::WorkflowEngine workflows;
  Ledger ledger;
};

}  // namespace interleave::model
