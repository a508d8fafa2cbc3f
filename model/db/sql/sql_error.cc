#include "model/db/sql/sql_error.h"

#include <fmt/format.h>

namespace interleave::model::db::sql {

int character_position(std::string_view sql, int location) {
  if (location < 0) return 1;
  int characters = 0;
  const auto end = std::min(sql.size(), static_cast<std::size_t>(location));
  for (std::size_t i = 0; i < end; ++i) {
    // Count each UTF-8 character once: skip continuation bytes (10xxxxxx).
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters + 1;
}

void throw_unsupported(std::string_view construct, std::string_view sql, int location) {
  throw SqlError(kFeatureNotSupported, fmt::format("SQL feature not supported by the model: {} at character {}",
                                                   construct, character_position(sql, location)));
}

}  // namespace interleave::model::db::sql
