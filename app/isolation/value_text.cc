#include "app/isolation/value_text.h"

#include <algorithm>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace interleave::app::isolation {

namespace {

// jsonb's string escaping (escape_json): quote, backslash, the short
// escapes, other control characters as \u00XX; everything else as is.
void append_string(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append(std::string& out, const nlohmann::json& value) {
  if (value.is_object()) {
    // jsonb keeps keys sorted by length, then bytewise.
    std::vector<const std::string*> keys;
    for (const auto& [key, _] : value.items()) keys.push_back(&key);
    std::sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) {
      return a->size() != b->size() ? a->size() < b->size() : *a < *b;
    });
    out += '{';
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) out += ", ";
      append_string(out, *keys[i]);
      out += ": ";
      append(out, value.at(*keys[i]));
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ", ";
      append(out, value[i]);
    }
    out += ']';
  } else if (value.is_string()) {
    append_string(out, value.get<std::string>());
  } else {
    out += value.dump();  // numbers, true, false, null
  }
}

}  // namespace

std::string jsonb_text(const std::string& json) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return json;
  std::string out;
  append(out, document);
  return out;
}

std::optional<std::string> value_text(const model::db::Value& value, model::db::ColumnType type) {
  using model::db::ColumnType;
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    if (type == ColumnType::kBoolean) return std::string(*number != 0 ? "t" : "f");
    return std::to_string(*number);
  }
  const std::string& text = std::get<std::string>(value);
  if (type == ColumnType::kJson) return jsonb_text(text);
  return text;
}

}  // namespace interleave::app::isolation
