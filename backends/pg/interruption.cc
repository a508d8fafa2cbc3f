#include "backends/pg/interruption.h"

#include <csignal>

namespace interleave::impl::pg {

namespace {

volatile std::sig_atomic_t noted_signal = 0;
struct sigaction previous_int, previous_term;
// Guards nest (a hunt's around each run's mirror): only the outermost one
// installs the handler and restores the previous ones.
int guards = 0;

extern "C" void note_signal(int signal) { noted_signal = signal; }

}  // namespace

InterruptionGuard::InterruptionGuard() {
  if (guards++ > 0) return;
  noted_signal = 0;
  struct sigaction action {};
  action.sa_handler = note_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptionGuard::~InterruptionGuard() {
  if (--guards > 0) return;
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int interruption_signal() { return noted_signal; }

}  // namespace interleave::impl::pg
