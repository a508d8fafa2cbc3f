#pragma once
// Runs a spec on the db model: one Execution and one fresh Database for the
// whole spec (isolationtester, too, keeps one database and one connection
// per session across permutations), one actor per spec session, and a
// driver actor, spawned last, that runs the tester (tester.h) and the
// control connection. Under a strategy that always runs the lowest
// runnable actor id, the driver runs only when every session is idle or
// parked inside the model, so a step it sent has either finished or waits;
// virtual time passes only when the driver waits too (lock_timeout, the
// deadlock check, pg_sleep), never between steps.
//
// Each session runs a step's statements one by one through `execute`
// (Session::execute in production) and stops at the first error, as a
// simple query does.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "app/isolation/spec.h"
#include "app/isolation/tester.h"
#include "model/db/session.h"
#include "model/db/sql/sql_result.h"

namespace interleave::app::isolation {

// Runs one statement's text on a session.
using ExecuteSql = std::function<model::db::SqlResult(model::db::Session&, const std::string&)>;

struct ModelRun {
  std::string out;  // what isolationtester prints on stdout
  std::string err;  // and on stderr
  bool completed = false;          // every permutation ran to its end
  std::size_t permutations = 0;    // permutations started
  std::size_t unsupported_steps = 0;  // sql blocks the model answered with 0A000
};

// `max_step_wait_ms`: when the tester cancels a step it waits on (tester.h).
ModelRun run_spec_on_model(const Spec& spec, const ExecuteSql& execute,
                           std::int64_t max_step_wait_ms = kDefaultMaxStepWaitMs);

}  // namespace interleave::app::isolation
