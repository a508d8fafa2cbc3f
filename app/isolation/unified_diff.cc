#include "app/isolation/unified_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace interleave::app::isolation {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

enum class Op : std::uint8_t { kKeep, kRemove, kAdd };
struct Edit {
  Op op;
  std::size_t a;  // line in expected (kKeep, kRemove)
  std::size_t b;  // line in actual (kKeep, kAdd)
};

// The edits turning a into b: common prefix and suffix kept, the middle by
// longest common subsequence (or, past a size bound, all removed then added).
std::vector<Edit> edits(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> out;
  for (std::size_t i = 0; i < prefix; ++i) out.push_back({Op::kKeep, i, i});
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  if (n * m <= 16'000'000) {
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);  // lcs[i][j]: of a[i..], b[j..]
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        out.push_back({Op::kKeep, prefix + i++, prefix + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({Op::kRemove, prefix + i++, 0});  // removals first, as diff -u
      } else {
        out.push_back({Op::kAdd, 0, prefix + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) out.push_back({Op::kRemove, prefix + i, 0});
    for (std::size_t j = 0; j < m; ++j) out.push_back({Op::kAdd, 0, prefix + j});
  }
  for (std::size_t k = 0; k < suffix; ++k) out.push_back({Op::kKeep, a.size() - suffix + k, b.size() - suffix + k});
  return out;
}

std::string range(std::size_t start, std::size_t count) {
  // diff -u: a hunk of no lines names the line before it.
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view expected, std::string_view actual, const std::string& expected_name,
                         const std::string& actual_name) {
  if (expected == actual) return "";
  const std::vector<std::string_view> a = lines_of(expected);
  const std::vector<std::string_view> b = lines_of(actual);
  const std::vector<Edit> all = edits(a, b);
  std::string out = "--- " + expected_name + "\n+++ " + actual_name + "\n";
  constexpr std::size_t kContext = 3;
  std::size_t k = 0;
  while (k < all.size()) {
    if (all[k].op == Op::kKeep) {
      ++k;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext after the
    // last change that is within 2 * kContext of the one before it.
    const std::size_t start = k >= kContext ? k - kContext : 0;
    std::size_t end = k;
    std::size_t keeps = 0;
    for (std::size_t e = k; e < all.size(); ++e) {
      if (all[e].op == Op::kKeep) {
        if (++keeps > 2 * kContext) break;
      } else {
        keeps = 0;
        end = e;
      }
    }
    const std::size_t stop = std::min(all.size(), end + 1 + kContext);
    std::size_t a_start = a.size();
    std::size_t b_start = b.size();
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    std::string body;
    for (std::size_t e = start; e < stop; ++e) {
      const Edit& edit = all[e];
      if (edit.op != Op::kAdd) {
        a_start = std::min(a_start, edit.a);
        ++a_count;
      }
      if (edit.op != Op::kRemove) {
        b_start = std::min(b_start, edit.b);
        ++b_count;
      }
      const char mark = edit.op == Op::kKeep ? ' ' : edit.op == Op::kRemove ? '-' : '+';
      body += mark;
      body += edit.op == Op::kAdd ? b[edit.b] : a[edit.a];
      body += '\n';
    }
    // A side with no lines in the hunk starts after the lines before it.
    if (a_count == 0) a_start = static_cast<std::size_t>(std::count_if(all.begin(), all.begin() + static_cast<long>(start), [](const Edit& e) { return e.op != Op::kAdd; }));
    if (b_count == 0) b_start = static_cast<std::size_t>(std::count_if(all.begin(), all.begin() + static_cast<long>(start), [](const Edit& e) { return e.op != Op::kRemove; }));
    out += "@@ -" + range(a_start, a_count) + " +" + range(b_start, b_count) + " @@\n" + body;
    k = stop;
  }
  if (!expected.empty() && expected.back() != '\n') out += "\\ No newline at end of expected\n";
  if (!actual.empty() && actual.back() != '\n') out += "\\ No newline at end of actual\n";
  return out;
}

}  // namespace interleave::app::isolation
