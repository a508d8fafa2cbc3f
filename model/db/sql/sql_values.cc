#include "model/db/sql/sql_values.h"

#include <cctype>
#include <cstdint>
#include <charconv>
#include <string>

#include <fmt/format.h>

#include "model/db/error.h"
#include "model/db/sql/sql_error.h"

namespace interleave::model::db::sql {

std::optional<bool> boolean_input(std::string_view input) {
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.front()))) input.remove_prefix(1);
  while (!input.empty() && std::isspace(static_cast<unsigned char>(input.back()))) input.remove_suffix(1);
  if (input.empty()) return std::nullopt;
  std::string lower;
  for (char c : input) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto prefix_of = [&](std::string_view word, std::size_t at_least) {
    return lower.size() >= at_least && word.substr(0, lower.size()) == lower;
  };
  if (lower == "1" || prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2)) return true;
  if (lower == "0" || prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2)) return false;
  return std::nullopt;
}

std::string_view type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kBigInt: return "bigint";
    case ColumnType::kText: return "text";
    case ColumnType::kJson: return "jsonb";
    case ColumnType::kBoolean: return "boolean";
  }
  return "unknown";
}

Value column_input(ColumnType type, const Value& value, bool int4) {
  if (std::holds_alternative<std::monostate>(value)) return value;
  if (type == ColumnType::kBigInt) {
    const std::string_view name = int4 ? "integer" : "bigint";
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      if (int4 && (*number < INT32_MIN || *number > INT32_MAX)) {
        throw SqlError(kNumericOutOfRange, fmt::format("value \"{}\" is out of range for type integer", *number));
      }
      return value;
    }
    const std::string& digits = std::get<std::string>(value);
    // int8in accepts surrounding spaces.
    std::string_view trimmed = digits;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
    if (!trimmed.empty() && trimmed.front() == '+') trimmed.remove_prefix(1);
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
    const bool malformed = trimmed.empty() || end != trimmed.data() + trimmed.size() ||
                           (error != std::errc() && error != std::errc::result_out_of_range);
    if (malformed) {
      throw SqlError(sqlstate::kInvalidTextRepresentation,
                     fmt::format("invalid input syntax for type {}: \"{}\"", name, digits));
    }
    if (error == std::errc::result_out_of_range || (int4 && (number < INT32_MIN || number > INT32_MAX))) {
      throw SqlError(kNumericOutOfRange, fmt::format("value \"{}\" is out of range for type {}", digits, name));
    }
    return number;
  }
  const std::string input =
      std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : sql_literal(value);
  if (type == ColumnType::kText) return input;
  if (type == ColumnType::kBoolean) {
    std::optional<bool> truth = boolean_input(input);
    if (!truth) {
      throw SqlError(sqlstate::kInvalidTextRepresentation,
                     fmt::format("invalid input syntax for type boolean: \"{}\"", input));
    }
    return std::int64_t{*truth ? 1 : 0};
  }
  std::optional<std::string> json = canonical_json(input);
  if (!json) throw SqlError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json");
  return *json;
}

}  // namespace interleave::model::db::sql
