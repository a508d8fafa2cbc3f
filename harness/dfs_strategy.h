#pragma once
// Exhaustive search up to a preemption bound, with sleep sets.
//
// Iterative context bounding (Musuvathi & Qadeer, PLDI 2007, as in CHESS):
// first every schedule without a preemption, then every one with one, up to
// the bound. A choice that would preempt once too often is kept as a work
// item for the next round, so no schedule runs twice. The search is
// stateless: each schedule re-runs the program along a stack of decisions
// and branches off at its end.
//
// Sleep sets (Godefroid 1996) prune schedules that only reorder commuting
// steps: after the subtree of actor p at a decision is done, p sleeps in
// its siblings' subtrees until a step that conflicts with p's step runs
// (footprints, harness/footprint.h). A schedule in which every runnable
// actor sleeps is abandoned. Sleep sets keep every reachable state; with a
// preemption bound a reordering can need more preemptions than the
// schedule it stands for, as with any bounded partial-order reduction.
//
// Sharding: every shard runs the preemption-free round (it is where the
// work items come from) but owns it only as shard 0; the round-one work
// items are dealt out in turn, and what an item leads to stays with its
// shard. Each schedule is owned by exactly one shard.
//
// Files: dfs_strategy.cc (the decision stack), dfs_rounds.cc (preemption
// rounds and work items), dfs_sleep_sets.cc, dfs_shards.cc (dealing).
//
// Example:
//   DfsStrategy dfs({.preemption_bound = 2});
//   for (std::uint64_t i = 0; dfs.begin_schedule(i); ++i) { ...run... }
//   dfs.statistics().exhausted

#include <cstdint>
#include <deque>
#include <vector>

#include "harness/strategy.h"

namespace interleave {

struct DfsOptions {
  std::uint32_t preemption_bound = 2;
  bool reduction = true;  // sleep sets; off: plain bounded DFS
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  // Walk only one part of the search (parallel_dfs.h): the round without
  // preemptions, or the Task given to the constructor. begin_schedule
  // returns false where the whole search would take the next work item,
  // and take_deferred() hands the work items on.
  bool one_part = false;
};

struct DfsStatistics {
  std::uint64_t pruned_branches = 0;  // choices never taken because the actor slept
  std::uint64_t deferred = 0;         // choices kept for a round with a higher bound
  std::uint64_t beyond_bound = 0;     // choices that needed more preemptions than allowed
  std::uint64_t discovery_runs = 0;   // shards > 0: runs of the shared round not owned
  std::uint32_t deepest = 0;          // most decisions in one schedule
  bool exhausted = false;             // every schedule within the bound was run
};

// pruned_branches, deferred, beyond_bound, discovery_runs, deepest, exhausted.
nlohmann::ordered_json to_json(const DfsStatistics& statistics);

class DfsStrategy final : public Strategy, private ReductionObserver {
 public:
  class Task;

  explicit DfsStrategy(DfsOptions options);
  // Walks the subtree of one deferred choice (options.one_part is implied).
  DfsStrategy(DfsOptions options, Task task);

  bool begin_schedule(std::uint64_t index) override;
  // A pick along the stack; abandon where every choice is asleep or over
  // the bound; diverge where the program no longer matches the stack.
  Decision decide(const DecisionRequest& request) override;
  std::string name() const override { return "dfs"; }
  ReductionObserver* reduction() override { return options_.reduction ? this : nullptr; }

  // Whether the schedule begun last belongs to this shard.
  bool owns_schedule() const override;
  bool indexed_schedules() const override { return false; }
  // pruned_branches, deferred, beyond_bound, discovery_runs, deepest, exhausted.
  nlohmann::ordered_json statistics_json() const override;
  const DfsStatistics& statistics() const { return statistics_; }
  // one_part: the work items deferred so far, in the order the whole search
  // would take them; each leaves the strategy.
  std::vector<Task> take_deferred();

 private:
  struct Asleep {
    ActorId actor;
    Footprint step;  // the step it takes when it wakes
  };
  struct Node {
    bool is_draw = false;
    // An actor decision.
    std::vector<ActorId> runnable;
    ActorId current = kNoActor;     // the actor that may go on without a preemption
    std::uint32_t preemptions = 0;  // taken before this decision
    std::vector<Asleep> sleep;      // asleep on arrival
    std::vector<Asleep> explored;   // choices whose subtrees are done
    ActorId chosen = kNoActor;      // kNoActor: every choice was asleep or over the bound
    Footprint chosen_step;          // the chosen actor's step, over all runs below
    // A data or fault draw.
    std::uint32_t options = 0;
    std::uint32_t value = 0;
  };
  // A node of a work item's path before its last: what replaying it needs,
  // without its search state (sleep set, explored choices), which only the
  // last node's successors read. Work items wait by the hundred thousand.
  struct FrozenNode {
    bool is_draw = false;
    ActorId current = kNoActor;
    std::uint32_t preemptions = 0;
    std::uint32_t chosen_or_value = 0;
    std::uint32_t options = 0;
    std::uint32_t runnable_end = 0;  // its runnable set ends here in WorkItem::runnable
  };
  struct WorkItem {
    std::vector<FrozenNode> prefix;
    std::vector<ActorId> runnable;  // the prefix's runnable sets, back to back
    Node last;                      // whole; its chosen is the deferred choice
    std::uint32_t bound;
  };
  Decision next_actor(std::span<const ActorId> runnable, ActorId current);
  Decision next_draw(std::uint32_t options);
  // Sleep sets (dfs_sleep_sets.cc), as the reduction observer.
  void step_ended(ActorId actor, const Footprint& footprint) override;
  bool may_run_alone(ActorId actor) override;

  WorkItem make_work_item(ActorId deferred_choice) const;
  void load(WorkItem item);

  bool advance();
  bool try_next_choice(Node& node);
  void defer_preempting_choices(const Node& node);
  bool keeps_deferred_item();
  bool take_work_item();
  std::vector<Asleep> sleep_on_arrival() const;
  bool stays_asleep(const Asleep& candidate) const;
  bool asleep(const Node& node, ActorId actor) const;
  bool explored(const Node& node, ActorId actor) const;
  std::uint32_t cost(const Node& node, ActorId actor) const;
  std::vector<ActorId> choice_order(const Node& node) const;

  DfsOptions options_;
  DfsStatistics statistics_;
  std::vector<Node> stack_;
  std::size_t frozen_ = 0;  // stack_[0, frozen_) is the work item's path
  bool in_work_item_ = false;
  std::uint32_t bound_ = 0;  // of the round running now
  std::deque<WorkItem> work_;
  std::uint64_t round_one_items_ = 0;  // dealt out so far, for sharding
  // The schedule running now.
  std::size_t position_ = 0;
  std::uint32_t preemptions_ = 0;
  std::size_t last_decision_ = 0;  // index + 1 of the last actor decision; 0: none yet
  std::vector<std::pair<ActorId, Footprint>> steps_since_decision_;

 public:
  // A deferred choice with the path to it: a part of the search that a
  // strategy of its own can walk, on another thread.
  class Task {
   public:
    std::uint32_t bound() const { return item_.bound; }

   private:
    friend class DfsStrategy;
    explicit Task(WorkItem item) : item_(std::move(item)) {}
    WorkItem item_;
  };
};

}  // namespace interleave
