#pragma once
// One stream of choices: which actor runs next, and data or fault draws.
//
// A schedule is the sequence of choices made at decision points with more
// than one option (forced moves are not recorded). The same vector serves
// replay, shrinking and exhaustive search.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

using ActorId = std::uint32_t;
inline constexpr ActorId kNoActor = ~ActorId{0};

struct Choice {
  enum class Kind : std::uint8_t { kActor, kDraw };
  Kind kind;
  std::uint32_t value;    // the actor id, or the drawn number
  std::uint32_t options;  // how many draws were possible (kDraw only)

  static Choice actor(ActorId id) { return {Kind::kActor, id, 0}; }
  static Choice draw(std::uint32_t value, std::uint32_t options) {
    return {Kind::kDraw, value, options};
  }
  friend bool operator==(const Choice&, const Choice&) = default;
};

// Text form used in traces: "a3" runs actor 3; "d1/2" draws 1 of 2.
std::string to_string(const Choice& choice);
// Parses the text form; nullopt when `text` is not a well-formed choice.
std::optional<Choice> parse_choice(std::string_view text);

using ChoiceVector = std::vector<Choice>;

}  // namespace interleave
