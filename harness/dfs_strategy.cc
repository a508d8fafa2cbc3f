// dfs: the decision stack a schedule runs along, and what it counts.

#include "harness/dfs_strategy.h"

#include <algorithm>

#include <fmt/format.h>

namespace interleave {

DfsStrategy::DfsStrategy(DfsOptions options) : options_(options) {}

DfsStrategy::DfsStrategy(DfsOptions options, Task task) : options_(options) {
  options_.one_part = true;
  load(std::move(task.item_));
}

std::vector<DfsStrategy::Task> DfsStrategy::take_deferred() {
  std::vector<Task> tasks;
  tasks.reserve(work_.size());
  for (WorkItem& item : work_) tasks.push_back(Task(std::move(item)));
  work_.clear();
  return tasks;
}

bool DfsStrategy::begin_schedule(std::uint64_t index) {
  if (index > 0 && !advance()) {
    statistics_.exhausted = true;
    return false;
  }
  position_ = 0;
  preemptions_ = 0;
  last_decision_ = 0;
  steps_since_decision_.clear();
  if (!owns_schedule()) ++statistics_.discovery_runs;
  return true;
}

Decision DfsStrategy::decide(const DecisionRequest& request) {
  if (request.kind == DecisionRequest::Kind::kDraw) return next_draw(request.options);
  return next_actor(request.runnable, request.current);
}

Decision DfsStrategy::next_actor(std::span<const ActorId> runnable, ActorId current) {
  if (position_ < stack_.size()) {
    Node& node = stack_[position_];
    if (node.is_draw || !std::equal(runnable.begin(), runnable.end(), node.runnable.begin(), node.runnable.end()) ||
        node.current != current) {
      return Decision::diverge(fmt::format(
          "dfs: decision {} differs from the run that found it: the program depends on something outside the "
          "schedule",
          position_));
    }
  } else {
    Node node;
    node.runnable.assign(runnable.begin(), runnable.end());
    node.current = current;
    node.preemptions = preemptions_;
    node.sleep = sleep_on_arrival();
    for (ActorId actor : choice_order(node)) {
      if (asleep(node, actor) || cost(node, actor) > bound_) continue;
      node.chosen = actor;
      break;
    }
    stack_.push_back(std::move(node));
    statistics_.deepest = std::max<std::uint32_t>(statistics_.deepest, static_cast<std::uint32_t>(stack_.size()));
  }
  Node& node = stack_[position_++];
  if (node.chosen == kNoActor) return Decision::abandon();
  preemptions_ = cost(node, node.chosen);
  last_decision_ = position_;
  steps_since_decision_.clear();
  return Decision::pick(node.chosen);
}

Decision DfsStrategy::next_draw(std::uint32_t options) {
  if (position_ < stack_.size()) {
    const Node& node = stack_[position_];
    if (!node.is_draw || node.options != options) {
      return Decision::diverge(fmt::format(
          "dfs: draw {} differs from the run that found it: the program depends on something outside the schedule",
          position_));
    }
  } else {
    Node node;
    node.is_draw = true;
    node.options = options;
    stack_.push_back(std::move(node));
  }
  return Decision::pick(stack_[position_++].value);
}

nlohmann::ordered_json to_json(const DfsStatistics& statistics) {
  return {{"pruned_branches", statistics.pruned_branches}, {"deferred", statistics.deferred},
          {"beyond_bound", statistics.beyond_bound},       {"discovery_runs", statistics.discovery_runs},
          {"deepest", statistics.deepest},                 {"exhausted", statistics.exhausted}};
}

nlohmann::ordered_json DfsStrategy::statistics_json() const { return to_json(statistics_); }

}  // namespace interleave
