#pragma once
// Plays a permutation on a real PostgreSQL server through the libpqxx
// backend (backends/pg/), in a fresh database of its own (a PgDatabase).
//
// Each session is a PgSession driven by a thread of its own, so a statement
// that waits on a lock blocks only that thread. A monitor connection tells a
// waiting step from a running one the way isolationtester does, with
// pg_isolation_test_session_is_blocked(pid, all session pids). After every
// step the runner polls until each session's step has either finished or is
// blocked on a lock, and no session finished during a whole pass: a lock
// released by a finishing step has then been granted and its waiter has
// finished or blocked again, so completions are attributed to the step that
// caused them whatever the server's timing. A wait longer than the wait limit
// ends the transcript with a failure line (and the stuck backends).

#include <chrono>
#include <string>
#include <vector>

#include "tests/conformance/spec.h"

namespace interleave::conformance {

struct PgRunOptions {
  std::string dsn;  // a libpq connection string; empty means the PG* environment
  // How long a step may take to finish or block, and a waiting step to
  // finish; far beyond any lock_timeout or deadlock_timeout the table uses.
  std::chrono::milliseconds wait_limit{30'000};
};

std::vector<std::string> run_on_postgres(const Permutation& permutation, const PgRunOptions& options = {});

}  // namespace interleave::conformance
