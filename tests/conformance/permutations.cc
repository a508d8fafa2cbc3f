#include "tests/conformance/permutations.h"

namespace interleave::conformance {

const std::vector<Permutation>& all_permutations() {
  static const std::vector<Permutation> all = [] {
    std::vector<Permutation> permutations;
    for (auto topic : {flush_permutations, read_committed_permutations, unique_permutations,
                       foreign_key_permutations, aborted_transaction_permutations, savepoint_permutations,
                       schema_permutations, advisory_lock_permutations, row_lock_permutations, row_queue_permutations,
                       lock_timeout_permutations, deadlock_permutations, document_permutations,
                       hostile_name_permutations}) {
      for (Permutation& permutation : topic()) permutations.push_back(std::move(permutation));
    }
    return permutations;
  }();
  return all;
}

}  // namespace interleave::conformance
