#pragma once
// The C++ runtime keeps the exceptions being handled in per-thread globals
// (the Itanium ABI's __cxa_eh_globals: the chain of caught exceptions and
// the count of uncaught ones). Fibers share their thread, so an actor that
// reaches a scheduling point inside a catch block (a rollback in a handler,
// as the services do) leaves its exception on top of that chain; another
// actor ending its own catch block then pops the wrong one, and the first
// actor's exception object is freed under it. Each actor therefore keeps its
// own copy, saved when it switches away and restored when it resumes.

namespace interleave {

struct ExceptionState {
  void* caught = nullptr;
  unsigned int uncaught = 0;
};

ExceptionState save_exception_state();
void restore_exception_state(const ExceptionState& state);

}  // namespace interleave
