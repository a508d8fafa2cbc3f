#include "harness/exception_state.h"

#include <cxxabi.h>

namespace interleave {

namespace {

// The layout both libstdc++ and libc++abi give __cxa_eh_globals on the
// Itanium ABI (ARM EHABI adds a field after these two, which we leave).
ExceptionState& globals() { return *reinterpret_cast<ExceptionState*>(abi::__cxa_get_globals()); }

}  // namespace

ExceptionState save_exception_state() { return globals(); }

void restore_exception_state(const ExceptionState& state) { globals() = state; }

}  // namespace interleave
