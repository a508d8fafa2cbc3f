#pragma once
// How every report format tells a fidelity divergence — the model and a
// real PostgreSQL, run in lockstep, answered a statement differently —
// apart from a race in the application: its own title, and both sides read
// out of the mirror's message ("on PostgreSQL: step 19, agent-3: UPDATE ...:
// the model let it go on; the server still makes it wait").
//
// A divergence is a defect of interleave's model, never of the services
// under test: a report of one has no acceptance criteria for the
// application and names no property of it.

#include <string>
#include <string_view>
#include <vector>

#include "reports/trace_record.h"

namespace interleave::reports {

inline constexpr std::string_view kDivergenceTitle = "Model fidelity divergence: the model and PostgreSQL disagree";

struct DivergenceAccount {
  std::string where;      // "step 19, agent-3", or empty
  std::string statement;  // the statement they disagree on, or empty (e.g. the final tables)
  std::string model;      // what the model did
  std::string server;     // what PostgreSQL did
};

// Both sides as far as the message says them; `model` and `server` are
// empty when the message has a shape this does not know.
DivergenceAccount divergence_account(std::string_view message);

// The trace's waits: "step 7, agent-2: UPDATE ... — blocked: waits for agent-1".
std::vector<std::string> divergence_waits(const TraceRecord& trace);

// "interleave explore S --variant V --strategy X --seed N --schedules K --backend postgres".
std::string postgres_explore_command(const TraceRecord& trace);

}  // namespace interleave::reports
