// dfs: which shard runs and owns what.

#include "harness/dfs_strategy.h"

namespace interleave {

bool DfsStrategy::owns_schedule() const { return in_work_item_ || options_.shard_index == 0; }

// Round one's work items are dealt out in turn; what a work item defers
// stays with its shard.
bool DfsStrategy::keeps_deferred_item() {
  return in_work_item_ || round_one_items_++ % options_.shard_count == options_.shard_index;
}

}  // namespace interleave
