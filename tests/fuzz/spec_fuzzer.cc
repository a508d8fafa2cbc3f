// The isolation spec reader on arbitrary bytes: it either throws SpecError
// (with a position inside the text) or gives a spec whose permutations
// enumerate to the count it predicts. Anything else (a crash, another
// exception, a sanitizer report) is a bug.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/isolation/permutations.h"
#include "app/isolation/spec_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace interleave::app::isolation;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ReadSpec read;
  try {
    read = read_spec(text);
  } catch (const SpecError& error) {
    if (error.at().line < 1 || error.at().column < 1 || static_cast<std::size_t>(error.at().line) > size + 1) {
      std::abort();
    }
    return 0;
  }
  if (read.spec.sessions.empty()) std::abort();
  const std::uint64_t predicted = count_permutations(read.spec);
  if (predicted > 10'000) return 0;  // enumerating it would only take time
  std::uint64_t seen = 0;
  for_each_permutation(read.spec, [&](const PlannedPermutation& permutation) {
    ++seen;
    for (const PlannedStep& step : permutation) {
      if (step.step == nullptr || step.session >= read.spec.sessions.size()) std::abort();
    }
    return true;
  });
  if (seen != predicted) std::abort();
  return 0;
}
