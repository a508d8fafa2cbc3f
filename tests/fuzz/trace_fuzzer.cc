// The trace loader on arbitrary bytes: it either throws TraceError or gives
// a trace that serialises and loads back to the same bytes. Anything else
// (a crash, another exception, a sanitizer report) is a bug.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/trace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  interleave::Trace trace;
  try {
    trace = interleave::parse_trace(text, "fuzz.json");
  } catch (const interleave::TraceError&) {
    return 0;
  }
  const std::string once = interleave::serialize(trace);
  const std::string twice = interleave::serialize(interleave::parse_trace(once, "fuzz-again.json"));
  if (once != twice) std::abort();
  return 0;
}
