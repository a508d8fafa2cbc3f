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

std::string ReplayStrategy::describe(ActorId actor) const {
  if (!actor_name_) return fmt::format("actor {} (a{})", actor, actor);
  return fmt::format("{} (a{})", actor_name_(actor), actor);
}

std::string ReplayStrategy::describe(const Choice& choice) const {
  if (choice.kind == Choice::Kind::kActor) return "the trace runs " + describe(choice.value) + " next";
  return fmt::format("the trace draws {} of {} ({})", choice.value, choice.options, to_string(choice));
}

ActorId ReplayStrategy::next_actor(std::span<const ActorId> runnable, ActorId) {
  auto wanted = [&] {
    std::string text = runnable.size() == 1 ? "only " : "one of ";
    for (std::size_t i = 0; i < runnable.size(); ++i) text += (i ? ", " : "") + describe(runnable[i]);
    return text + (runnable.size() == 1 ? " can run" : " to run");
  };
  const Choice& choice = take(wanted);
  bool possible = choice.kind == Choice::Kind::kActor &&
                  std::find(runnable.begin(), runnable.end(), choice.value) != runnable.end();
  if (!possible) {
    throw StrategyDivergence(fmt::format("not reproducible at choice {}: {}, but the program has {}", position_ - 1,
                                         describe(choice), wanted()));
  }
  return choice.value;
}

std::uint32_t ReplayStrategy::next_draw(std::uint32_t options) {
  auto wanted = [options] { return fmt::format("a draw of {} options", options); };
  const Choice& choice = take(wanted);
  if (choice.kind != Choice::Kind::kDraw || choice.options != options) {
    throw StrategyDivergence(fmt::format("not reproducible at choice {}: {}, but the program asks for {}",
                                         position_ - 1, describe(choice), wanted()));
  }
  return choice.value;
}

}  // namespace interleave
