#include "harness/replay_strategy.h"

#include <algorithm>

#include <fmt/format.h>

namespace interleave {

const Choice& ReplayStrategy::take(const std::function<std::string()>& wanted) {
  if (position_ >= choices_.size()) {
    throw StrategyDivergence(fmt::format(
        "not reproducible at choice {}: the trace has no more choices, the program asks for {}",
        position_, wanted()));
  }
  return choices_[position_++];
}

ActorId ReplayStrategy::next_actor(std::span<const ActorId> runnable, ActorId) {
  auto wanted = [&] {
    std::string text = "an actor among {";
    for (std::size_t i = 0; i < runnable.size(); ++i) text += (i ? "," : "") + std::to_string(runnable[i]);
    return text + "}";
  };
  const Choice& choice = take(wanted);
  bool possible = choice.kind == Choice::Kind::kActor &&
                  std::find(runnable.begin(), runnable.end(), choice.value) != runnable.end();
  if (!possible) {
    throw StrategyDivergence(fmt::format("not reproducible at choice {}: expected {}, got {}",
                                         position_ - 1, to_string(choice), wanted()));
  }
  return choice.value;
}

std::uint32_t ReplayStrategy::next_draw(std::uint32_t options) {
  auto wanted = [options] { return fmt::format("a draw of {}", options); };
  const Choice& choice = take(wanted);
  if (choice.kind != Choice::Kind::kDraw || choice.options != options) {
    throw StrategyDivergence(fmt::format("not reproducible at choice {}: expected {}, got {}",
                                         position_ - 1, to_string(choice), wanted()));
  }
  return choice.value;
}

}  // namespace interleave
