#include "backends/pg/interruption.h"

#include <csignal>

namespace interleave::impl::pg {

namespace {

volatile std::sig_atomic_t noted_signal = 0;
struct sigaction previous_int, previous_term;

extern "C" void note_signal(int signal) { noted_signal = signal; }

}  // namespace

InterruptionGuard::InterruptionGuard() {
  noted_signal = 0;
  struct sigaction action {};
  action.sa_handler = note_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptionGuard::~InterruptionGuard() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int interruption_signal() { return noted_signal; }

}  // namespace interleave::impl::pg
