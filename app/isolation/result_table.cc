#include "app/isolation/result_table.h"

#include <algorithm>

namespace interleave::app::isolation {

namespace {

// PQprint's test for a numeric-looking value (fe-print.c do_field).
bool looks_numeric(const std::string& value) {
  char last = '0';
  for (const char c : value) {
    last = c;
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'E' || c == 'e' || c == ' ' || c == '-')) return false;
  }
  return value.front() != 'E' && value.front() != 'e' && last >= '0' && last <= '9';
}

std::string padded(const std::string& text, std::size_t width, bool left) {
  if (text.size() >= width) return text;
  const std::string pad(width - text.size(), ' ');
  return left ? text + pad : pad + text;
}

}  // namespace

std::string print_table(const TextTable& table) {
  const std::size_t n = table.columns.size();
  if (n == 0) return "";
  std::vector<std::size_t> width(n);
  std::vector<bool> left(n, false);
  for (std::size_t c = 0; c < n; ++c) width[c] = table.columns[c].size();
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < n && c < row.size(); ++c) {
      if (!row[c] || row[c]->empty()) continue;  // PQprint skips NULL and empty values
      if (!left[c] && !looks_numeric(*row[c])) left[c] = true;
      width[c] = std::max(width[c], row[c]->size());
    }
  }
  std::string out;
  auto line = [&](auto cell) {
    for (std::size_t c = 0; c < n; ++c) {
      if (c > 0) out += '|';
      out += padded(cell(c), width[c], left[c]);
    }
    out += '\n';
  };
  line([&](std::size_t c) { return table.columns[c]; });
  for (std::size_t c = 0; c < n; ++c) {
    if (c > 0) out += '+';
    out += std::string(width[c], '-');
  }
  out += '\n';
  for (const auto& row : table.rows) {
    line([&](std::size_t c) { return c < row.size() && row[c] ? *row[c] : std::string(); });
  }
  const std::size_t count = table.rows.size();
  out += "(" + std::to_string(count) + (count == 1 ? " row)\n\n" : " rows)\n\n");
  return out;
}

}  // namespace interleave::app::isolation
