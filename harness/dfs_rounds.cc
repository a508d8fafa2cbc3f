// dfs: backtracking within a round, and the choices that need one
// preemption more deferred to the next round as work items.

#include "harness/dfs_strategy.h"

#include <algorithm>

namespace interleave {

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
    if (!keeps_deferred_item()) continue;
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
