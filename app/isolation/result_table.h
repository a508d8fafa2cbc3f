#pragma once
// A result set in the layout isolationtester prints it with libpq's PQprint
// (header, aligned, fieldSep "|"):
//
//   id|v      |b| n
//   --+-------+-+--
//    1|one    |t|
//   22|two two|f|-5
//   (2 rows)
//   <blank line>
//
// A column is right-aligned while every value in it looks numeric (digits,
// '.', 'e', 'E', '-', ' ', ending in a digit, not starting with e/E), else
// left-aligned; widths are in bytes; NULL and empty values print as
// padding. A result without columns prints nothing.

#include <optional>
#include <string>
#include <vector>

namespace interleave::app::isolation {

struct TextTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // nullopt: NULL
};

std::string print_table(const TextTable& table);

}  // namespace interleave::app::isolation
