#include "tests/bench/cost_counters.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <bits/functexcept.h>
#include <typeinfo>

// AddressSanitizer intercepts __cxa_throw and operator new itself.
#if defined(__SANITIZE_ADDRESS__)
#define INTERLEAVE_COST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INTERLEAVE_COST_ASAN 1
#endif
#endif

namespace interleave::bench {
namespace {
thread_local std::uint64_t throws_here = 0;
thread_local std::uint64_t allocations_here = 0;
}  // namespace

CostCounters CostCounters::now() { return {throws_here, allocations_here}; }

#if defined(INTERLEAVE_COST_ASAN)
bool CostCounters::counting() { return false; }
#else
bool CostCounters::counting() { return true; }
#endif

}  // namespace interleave::bench

#if !defined(INTERLEAVE_COST_ASAN)

// Every throw of the process goes through here, then on to the C++ runtime.
extern "C" [[noreturn]] void __cxa_throw(void* exception, std::type_info* type, void (*destroy)(void*)) {
  using Throw = void (*)(void*, std::type_info*, void (*)(void*));
  static const Throw real = reinterpret_cast<Throw>(dlsym(RTLD_NEXT, "__cxa_throw"));
  if (!real) {
    std::fputs("cost_counters: no __cxa_throw after the benchmark binary's\n", stderr);
    std::abort();
  }
  ++interleave::bench::throws_here;
  real(exception, type, destroy);
  std::abort();  // the real one does not return
}

void* operator new(std::size_t size) {
  ++interleave::bench::allocations_here;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  // Not `throw`: GCC declares __cxa_throw for it otherwise than above.
  std::__throw_bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }

#endif
