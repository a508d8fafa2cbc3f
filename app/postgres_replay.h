#pragma once
// A trace replayed on the model and a real PostgreSQL server in lockstep
// (backends/pg/server_mirror.h), as `replay --backend postgres` and
// `hunt --confirm-postgres` use it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/trace.h"
#include "backends/pg/server_mirror.h"
#include "scenarios/scenario.h"

namespace interleave::app {

struct PostgresReplay {
  std::string scenario;
  std::string variant;
  Verdict expected;  // the trace's verdict
  Verdict verdict;   // this run's
  std::optional<std::string> divergence;  // fidelity (the server) or the trace's events
  std::optional<std::string> failure;     // the server could not be used
  // The schedule delays a waiter the server let go at once (server_mirror.h).
  std::optional<std::string> unreplayable;
  int interrupted_by = 0;  // SIGINT or SIGTERM arrived (the run cleaned up)
  std::vector<impl::pg::MirroredStatement> statements;
  double elapsed_s = 0;

  // The trace's verdict came back, with no divergence and no failure.
  bool reproduced() const { return !failure && !divergence && !unreplayable && verdict == expected; }
};

// Never throws for the server's sake: what went wrong is in the result.
PostgresReplay replay_on_postgres(const scenarios::Scenario& scenario, const Trace& trace, const std::string& dsn);
// The same on a mirror that outlives the replay: its database, emptied,
// serves the next replay (creating one costs 140-160 ms of the server's).
PostgresReplay replay_on_postgres(const scenarios::Scenario& scenario, const Trace& trace,
                                  impl::pg::ServerMirror& mirror);

// `count` schedules of the variant drawn by the random strategy from
// `seed`, recorded as traces (with events and verdicts) to replay on the
// server: the sample a passing variant is confirmed with.
std::vector<Trace> sample_traces(const scenarios::Scenario& scenario, const std::string& variant,
                                 std::uint64_t seed, std::uint64_t count);

// 128 + the signal when interrupted, 3 when the server failed, 4 on a
// divergence or an unreplayable schedule, else 1 for a violation and 0.
int exit_code(const PostgresReplay& result);
// One paragraph for a person.
std::string describe(const PostgresReplay& result);
nlohmann::ordered_json to_json(const PostgresReplay& result);

}  // namespace interleave::app
