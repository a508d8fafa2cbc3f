#include "harness/replay_strategy.h"

#include <algorithm>

#include <fmt/format.h>

namespace interleave {

const Choice* ReplayStrategy::take() { return position_ < choices_.size() ? &choices_[position_++] : nullptr; }

Decision ReplayStrategy::diverge(const Choice* choice, const std::string& wanted, bool draw) const {
  if (choice == nullptr) {
    return Decision::diverge(fmt::format(
        "not reproducible at choice {}: the trace has no more choices, the program asks for {}", position_, wanted));
  }
  return Decision::diverge(fmt::format("not reproducible at choice {}: {}, but the program {} {}", position_ - 1,
                                       describe(*choice), draw ? "asks for" : "has", wanted));
}

std::string ReplayStrategy::describe(ActorId actor) const {
  if (!actor_name_) return fmt::format("actor {} (a{})", actor, actor);
  return fmt::format("{} (a{})", actor_name_(actor), actor);
}

std::string ReplayStrategy::describe(const Choice& choice) const {
  if (choice.kind == Choice::Kind::kActor) return "the trace runs " + describe(choice.value) + " next";
  return fmt::format("the trace draws {} of {} ({})", choice.value, choice.options, to_string(choice));
}

Decision ReplayStrategy::decide(const DecisionRequest& request) {
  if (request.kind == DecisionRequest::Kind::kDraw) return next_draw(request.options);
  return next_actor(request.runnable);
}

Decision ReplayStrategy::next_actor(std::span<const ActorId> runnable) {
  const Choice* choice = take();
  if (choice != nullptr && choice->kind == Choice::Kind::kActor &&
      std::find(runnable.begin(), runnable.end(), choice->value) != runnable.end()) {
    return Decision::pick(choice->value);
  }
  std::string wanted = runnable.size() == 1 ? "only " : "one of ";
  for (std::size_t i = 0; i < runnable.size(); ++i) wanted += (i ? ", " : "") + describe(runnable[i]);
  return diverge(choice, wanted + (runnable.size() == 1 ? " can run" : " to run"), /*draw=*/false);
}

Decision ReplayStrategy::next_draw(std::uint32_t options) {
  const Choice* choice = take();
  if (choice != nullptr && choice->kind == Choice::Kind::kDraw && choice->options == options) {
    return Decision::pick(choice->value);
  }
  return diverge(choice, fmt::format("a draw of {} options", options), /*draw=*/true);
}

}  // namespace interleave
