#include "model/db/sql/reader_stack.h"

#include <exception>
#include <memory>
#include <new>
#include <utility>

#include <boost/context/fiber.hpp>
#include <boost/context/preallocated.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#include "model/db/sql/sql_error.h"

#if defined(__SANITIZE_ADDRESS__)
#define INTERLEAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INTERLEAVE_ASAN 1
#endif
#endif
#ifdef INTERLEAVE_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace interleave::model::db::sql {

namespace {

// The parser's deepest trees per byte of text ("1+1+...") take 65 bytes of
// its stack per byte in Debian's build: four times that. The fixed part holds
// the mapping's walk, whose depth is bounded (kMaxExpressionDepth) but whose
// frames are large in a sanitizer build. Only the pages a read touches are
// ever backed by memory.
constexpr std::size_t kFixedBytes = 1024 * 1024;
constexpr std::size_t kBytesPerTextByte = 256;

// AddressSanitizer is told of each switch between stacks, as its manual asks
// of fiber libraries: otherwise an exception thrown on the reader's stack
// leaves that stack's shadow poisoned, and later reads report phantom faults.
// Without ASan these do nothing.
void before_switch([[maybe_unused]] void** saved, [[maybe_unused]] const void* bottom,
                   [[maybe_unused]] std::size_t size) {
#ifdef INTERLEAVE_ASAN
  __sanitizer_start_switch_fiber(saved, bottom, size);
#endif
}

void after_switch([[maybe_unused]] void* saved, [[maybe_unused]] const void** from_bottom,
                  [[maybe_unused]] std::size_t* from_size) {
#ifdef INTERLEAVE_ASAN
  __sanitizer_finish_switch_fiber(saved, from_bottom, from_size);
#endif
}

}  // namespace

void run_on_reader_stack(std::size_t text_bytes, const std::function<void()>& read) {
  namespace context = boost::context;
  context::protected_fixedsize_stack allocator(kFixedBytes + kBytesPerTextByte * text_bytes);
  context::stack_context stack;
  try {
    stack = allocator.allocate();
  } catch (const std::bad_alloc&) {
    throw_unsupported("text this long", "", 0);
  }
  const void* stack_bottom = static_cast<char*>(stack.sp) - stack.size;
  std::exception_ptr thrown;
  context::fiber reader(std::allocator_arg, context::preallocated(stack.sp, stack.size, stack), allocator,
                        [&](context::fiber&& caller) {
                          const void* caller_bottom = nullptr;
                          std::size_t caller_size = 0;
                          after_switch(nullptr, &caller_bottom, &caller_size);
                          // An exception must not leave a context's stack: it is carried over.
                          try {
                            read();
                          } catch (...) {
                            thrown = std::current_exception();
                          }
                          before_switch(nullptr, caller_bottom, caller_size);  // leaving for good
                          return std::move(caller);
                        });
  void* saved = nullptr;
  before_switch(&saved, stack_bottom, stack.size);
  std::move(reader).resume();
  after_switch(saved, nullptr, nullptr);
  if (thrown) std::rethrow_exception(thrown);
}

}  // namespace interleave::model::db::sql
