#include "harness/shard.h"

#include <charconv>
#include <limits>

#include <fmt/format.h>

namespace interleave {

namespace {

std::uint32_t parse_part(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size()) {
    throw ShardError(fmt::format("the {} '{}' is not a number (expected I/N, e.g. 0/4)", what, text));
  }
  if (error == std::errc::result_out_of_range || value > std::numeric_limits<std::uint32_t>::max()) {
    throw ShardError(fmt::format("the {} '{}' is too large", what, text));
  }
  return static_cast<std::uint32_t>(value);
}

}  // namespace

Shard parse_shard(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) throw ShardError("expected I/N, e.g. 0/4 (shard I of N, counted from 0)");
  Shard shard;
  shard.index = parse_part(text.substr(0, slash), "index");
  shard.count = parse_part(text.substr(slash + 1), "count");
  if (shard.count == 0) throw ShardError("the count must be at least 1");
  if (shard.index >= shard.count) throw ShardError("index must be below the count");
  return shard;
}

std::string to_string(const Shard& shard) { return fmt::format("{}/{}", shard.index, shard.count); }

}  // namespace interleave
