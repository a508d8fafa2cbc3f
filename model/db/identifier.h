#pragma once
// PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1),
// quoted or not, cut back to a whole UTF-8 character: two long tenant
// schema names that share those bytes are one schema. The model cuts names
// where the server does, so a long hostile slug behaves the same on both.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/db/table.h"

namespace interleave::model::db {

inline constexpr std::size_t kMaxIdentifierBytes = 63;

inline std::string_view truncated_identifier(std::string_view name) {
  if (name.size() <= kMaxIdentifierBytes) return name;
  std::size_t end = kMaxIdentifierBytes;
  // Back off continuation bytes (10xxxxxx) to the start of the character.
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return name.substr(0, end);
}

// `name` as the server reads it. Every statement passes here, so a copy is
// made (into `storage`) only for a name with a part past 63 bytes.
inline const TableName& as_server_reads(const TableName& name, std::optional<TableName>& storage) {
  if (name.name.size() <= kMaxIdentifierBytes && name.schema.size() <= kMaxIdentifierBytes) return name;
  storage.emplace(std::string(truncated_identifier(name.name)));
  storage->schema = std::string(truncated_identifier(name.schema));
  return *storage;
}

}  // namespace interleave::model::db
