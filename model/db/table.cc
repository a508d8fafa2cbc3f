#include "model/db/table.h"

#include <atomic>

namespace interleave::model::db {

std::uint64_t ShapeId::next() {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

std::optional<std::size_t> TableDef::find_column(std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return i;
  }
  return std::nullopt;
}

std::size_t TableDef::column_index(std::string_view column) const {
  if (const std::optional<std::size_t> index = find_column(column)) return *index;
  throw std::out_of_range("table " + name + " has no column " + std::string(column));
}

}  // namespace interleave::model::db
