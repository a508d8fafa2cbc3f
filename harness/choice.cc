#include "harness/choice.h"

#include <charconv>

namespace interleave {

std::string to_string(const Choice& choice) {
  if (choice.kind == Choice::Kind::kActor) return "a" + std::to_string(choice.value);
  return "d" + std::to_string(choice.value) + "/" + std::to_string(choice.options);
}

namespace {
// Parses all of `text` as a decimal number below 2^32.
std::optional<std::uint32_t> parse_u32(std::string_view text) {
  std::uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}
}  // namespace

std::optional<Choice> parse_choice(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  if (text[0] == 'a') {
    auto id = parse_u32(text.substr(1));
    if (!id || *id == kNoActor) return std::nullopt;
    return Choice::actor(*id);
  }
  if (text[0] == 'd') {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto value = parse_u32(text.substr(1, slash - 1));
    auto options = parse_u32(text.substr(slash + 1));
    if (!value || !options || *options < 2 || *value >= *options) return std::nullopt;
    return Choice::draw(*value, *options);
  }
  return std::nullopt;
}

}  // namespace interleave
