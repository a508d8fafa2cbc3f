#pragma once
// A model value as PostgreSQL's output function writes it for a client:
// NULL is no text at all, bigint in decimal, boolean t/f, text as is, jsonb
// in jsonb's own layout ({"a": 1, "b": [1, 2]}: keys shortest first, then
// bytewise, ", " and ": " between items).

#include <optional>
#include <string>

#include "model/db/table.h"
#include "model/db/value.h"

namespace interleave::app::isolation {

// nullopt for NULL.
std::optional<std::string> value_text(const model::db::Value& value, model::db::ColumnType type);

// JSON text laid out as PostgreSQL's jsonb_out does; the text unchanged when
// it is not JSON.
std::string jsonb_text(const std::string& json);

}  // namespace interleave::app::isolation
