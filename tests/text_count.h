#pragma once
// Test helper: how many times `needle` occurs in `text`, counting
// non-overlapping occurrences from the left.

#include <cstddef>
#include <string_view>

namespace interleave::test_support {

inline std::size_t occurrences(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace interleave::test_support
