#pragma once
// One value of a libpq keyword=value connection string, as libpq reads it
// back: bare when it can be, else single-quoted with a backslash before each
// quote and backslash.
//
// Example: conninfo_value("db") == "db", conninfo_value("a b") == "'a b'"

#include <string>
#include <string_view>

namespace interleave::impl::pg {

inline std::string conninfo_value(std::string_view value) {
  if (!value.empty() && value.find_first_of(" '\\") == std::string_view::npos) return std::string(value);
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace interleave::impl::pg
