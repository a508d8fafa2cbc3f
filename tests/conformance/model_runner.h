#pragma once
// Plays a permutation on the db model (model/db/database.h), in a fresh
// Database of its own.
//
// One actor per session, spawned first, and a driver actor spawned last,
// under a strategy that always runs the lowest runnable actor id: the driver
// runs only when every session is idle or parked inside the model. So when
// the driver looks at a step it handed out, the step has either finished or
// waits on a lock ("<waiting ...>"), and everything it released has run
// too. Virtual time advances only when nothing is runnable, the driver
// included: lock_timeout and the deadlock check fire while the driver waits
// for a completion. A step that can never complete ends the run with the
// harness's deadlock verdict as the transcript's failure line.

#include <string>
#include <vector>

#include "tests/conformance/spec.h"

namespace interleave::conformance {

std::vector<std::string> run_on_model(const Permutation& permutation);

}  // namespace interleave::conformance
