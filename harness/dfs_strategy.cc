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

bool DfsStrategy::begin_execution(std::uint64_t index) {
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

bool DfsStrategy::owns_schedule() const { return in_work_item_ || options_.shard_index == 0; }

// Backtracks to the deepest decision with a choice left, or to the next
// work item. False when there is none: the bounded space is exhausted.
bool DfsStrategy::advance() {
  while (stack_.size() > frozen_) {
    Node& node = stack_.back();
    if (try_next_choice(node)) return true;
    if (!node.is_draw) defer_preempting_choices(node);
    stack_.pop_back();
  }
  return !options_.one_part && take_work_item();
}

bool DfsStrategy::try_next_choice(Node& node) {
  if (node.is_draw) {
    if (node.value + 1 >= node.options) return false;
    ++node.value;
    return true;
  }
  if (node.chosen != kNoActor) node.explored.push_back({node.chosen, std::move(node.chosen_step)});
  node.chosen = kNoActor;
  node.chosen_step.clear();
  for (ActorId actor : choice_order(node)) {
    if (explored(node, actor) || asleep(node, actor) || cost(node, actor) > bound_) continue;
    node.chosen = actor;
    return true;
  }
  return false;
}

// The node is done within this round's bound: what needs one preemption
// more waits for the next round, with the node's sleep set and every choice
// explored here already asleep.
void DfsStrategy::defer_preempting_choices(const Node& node) {
  for (ActorId actor : choice_order(node)) {
    if (explored(node, actor)) continue;
    if (asleep(node, actor)) {
      ++statistics_.pruned_branches;
      continue;
    }
    if (cost(node, actor) <= bound_) continue;  // cannot happen: it would have been taken
    if (cost(node, actor) > options_.preemption_bound) {
      ++statistics_.beyond_bound;
      continue;
    }
    if (!in_work_item_ && round_one_items_++ % options_.shard_count != options_.shard_index) continue;
    work_.push_back(make_work_item(actor));
    ++statistics_.deferred;
  }
}

DfsStrategy::WorkItem DfsStrategy::make_work_item(ActorId deferred_choice) const {
  WorkItem item;
  item.prefix.reserve(stack_.size() - 1);
  for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
    const Node& node = stack_[i];
    item.runnable.insert(item.runnable.end(), node.runnable.begin(), node.runnable.end());
    item.prefix.push_back({.is_draw = node.is_draw,
                           .current = node.current,
                           .preemptions = node.preemptions,
                           .chosen_or_value = node.is_draw ? node.value : node.chosen,
                           .options = node.options,
                           .runnable_end = static_cast<std::uint32_t>(item.runnable.size())});
  }
  item.last = stack_.back();
  item.last.chosen = deferred_choice;
  item.last.chosen_step.clear();
  item.bound = bound_ + 1;
  return item;
}

bool DfsStrategy::take_work_item() {
  if (work_.empty()) return false;
  WorkItem item = std::move(work_.front());
  work_.pop_front();
  load(std::move(item));
  return true;
}

// Makes the item's path the stack's frozen bottom and its round the bound.
void DfsStrategy::load(WorkItem item) {
  stack_.clear();
  std::uint32_t runnable_begin = 0;
  for (const FrozenNode& frozen : item.prefix) {
    Node& node = stack_.emplace_back();
    node.is_draw = frozen.is_draw;
    node.runnable.assign(item.runnable.begin() + runnable_begin, item.runnable.begin() + frozen.runnable_end);
    runnable_begin = frozen.runnable_end;
    node.current = frozen.current;
    node.preemptions = frozen.preemptions;
    node.options = frozen.options;
    (frozen.is_draw ? node.value : node.chosen) = frozen.chosen_or_value;
  }
  stack_.push_back(std::move(item.last));
  frozen_ = stack_.size();
  bound_ = item.bound;
  in_work_item_ = true;
}

ActorId DfsStrategy::next_actor(std::span<const ActorId> runnable, ActorId current) {
  if (position_ < stack_.size()) {
    Node& node = stack_[position_];
    if (node.is_draw || !std::equal(runnable.begin(), runnable.end(), node.runnable.begin(), node.runnable.end()) ||
        node.current != current) {
      throw StrategyDivergence(fmt::format(
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
  if (node.chosen == kNoActor) throw ScheduleAbandoned{};
  preemptions_ = cost(node, node.chosen);
  last_decision_ = position_;
  steps_since_decision_.clear();
  return node.chosen;
}

std::uint32_t DfsStrategy::next_draw(std::uint32_t options) {
  if (position_ < stack_.size()) {
    const Node& node = stack_[position_];
    if (!node.is_draw || node.options != options) {
      throw StrategyDivergence(fmt::format(
          "dfs: draw {} differs from the run that found it: the program depends on something outside the schedule",
          position_));
    }
  } else {
    Node node;
    node.is_draw = true;
    node.options = options;
    stack_.push_back(std::move(node));
  }
  return stack_[position_++].value;
}

void DfsStrategy::step_ended(ActorId actor, const Footprint& footprint) {
  // The first step after a decision is the chosen actor's: what it touches
  // is what its siblings test against while it sleeps.
  if (last_decision_ > 0 && steps_since_decision_.empty()) stack_[last_decision_ - 1].chosen_step.merge(footprint);
  steps_since_decision_.emplace_back(actor, footprint);
}

// Asked at every step without a decision: tests the one actor without
// building the sleep set.
bool DfsStrategy::may_run_alone(ActorId actor) {
  if (!options_.reduction || last_decision_ == 0) return true;
  const Node& parent = stack_[last_decision_ - 1];
  for (const auto* list : {&parent.sleep, &parent.explored}) {
    for (const Asleep& candidate : *list) {
      if (candidate.actor == actor && stays_asleep(candidate)) return false;
    }
  }
  return true;
}

// Who sleeps at a new decision: those asleep at the last decision and the
// choices explored there before, unless they ran since or a step since
// conflicts with the step they would take.
std::vector<DfsStrategy::Asleep> DfsStrategy::sleep_on_arrival() const {
  std::vector<Asleep> sleep;
  if (!options_.reduction || last_decision_ == 0) return sleep;
  const Node& parent = stack_[last_decision_ - 1];
  for (const auto* list : {&parent.sleep, &parent.explored}) {
    for (const Asleep& candidate : *list) {
      if (stays_asleep(candidate)) sleep.push_back(candidate);
    }
  }
  return sleep;
}

bool DfsStrategy::stays_asleep(const Asleep& candidate) const {
  return std::none_of(steps_since_decision_.begin(), steps_since_decision_.end(), [&](const auto& step) {
    return step.first == candidate.actor || step.second.conflicts_with(candidate.step);
  });
}

nlohmann::ordered_json to_json(const DfsStatistics& statistics) {
  return {{"pruned_branches", statistics.pruned_branches}, {"deferred", statistics.deferred},
          {"beyond_bound", statistics.beyond_bound},       {"discovery_runs", statistics.discovery_runs},
          {"deepest", statistics.deepest},                 {"exhausted", statistics.exhausted}};
}

nlohmann::ordered_json DfsStrategy::statistics_json() const { return to_json(statistics_); }

bool DfsStrategy::asleep(const Node& node, ActorId actor) const {
  return std::any_of(node.sleep.begin(), node.sleep.end(), [&](const Asleep& entry) { return entry.actor == actor; });
}

bool DfsStrategy::explored(const Node& node, ActorId actor) const {
  return std::any_of(node.explored.begin(), node.explored.end(),
                     [&](const Asleep& entry) { return entry.actor == actor; });
}

std::uint32_t DfsStrategy::cost(const Node& node, ActorId actor) const {
  return node.preemptions + (node.current != kNoActor && actor != node.current ? 1 : 0);
}

// The actor that may go on first (no preemption), then by id.
std::vector<ActorId> DfsStrategy::choice_order(const Node& node) const {
  std::vector<ActorId> order;
  order.reserve(node.runnable.size());
  if (node.current != kNoActor) order.push_back(node.current);
  for (ActorId actor : node.runnable) {
    if (actor != node.current) order.push_back(actor);
  }
  return order;
}

}  // namespace interleave
