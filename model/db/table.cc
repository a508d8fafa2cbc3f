#include "model/db/table.h"

namespace interleave::model::db {

std::size_t TableDef::column_index(std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return i;
  }
  throw std::out_of_range("table " + name + " has no column " + std::string(column));
}

}  // namespace interleave::model::db
