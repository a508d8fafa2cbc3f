#pragma once
// Ctrl-C (SIGINT) and SIGTERM while a run works on a server: the handler
// only notes the signal; the waits of the lockstep mirror (wait_monitor.h)
// see the note and stop the schedule, so the run's connections close and
// its database is dropped before the command exits with 128 + the signal.
// Installed for the lifetime of an InterruptionGuard; the previous
// handlers come back afterwards. Guards nest: a hunt's guard spans the whole
// run (Ctrl-C still writes its summary), each mirror's its own schedules.

namespace interleave::impl::pg {

class InterruptionGuard {
 public:
  InterruptionGuard();
  ~InterruptionGuard();
  InterruptionGuard(const InterruptionGuard&) = delete;
  InterruptionGuard& operator=(const InterruptionGuard&) = delete;
};

// The signal noted since the guard was installed, or 0.
int interruption_signal();

}  // namespace interleave::impl::pg
