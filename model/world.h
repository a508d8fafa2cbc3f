#pragma once
// The backend's infrastructure for one execution: the database, the workflow
// service, and the ledger of what callers were told. Built fresh for every
// schedule (a scenario's program builds it in the memory the last
// schedule's World gave back); the properties read it.

#include <atomic>
#include <cstdint>

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

  // Tells this world from every other built in the process (an address
  // may be reused by the next schedule's world); never 0.
  const std::uint64_t id = next_id();
  Execution& exec;
  db::Database db;
  workflows::WorkflowEngine workflows;
  Ledger ledger;

 private:
  // A thread's own counter under a prefix drawn once per thread: no shared
  // cache line written per schedule by threads exploring side by side.
  static std::uint64_t next_id() {
    static std::atomic<std::uint64_t> threads{0};
    thread_local const std::uint64_t prefix = (threads.fetch_add(1, std::memory_order_relaxed) + 1) << 40;
    thread_local std::uint64_t count = 0;
    return prefix | ++count;
  }
};

}  // namespace interleave::model
