#pragma once
// The table of permutations, one file per topic (permutations_<topic>.cc).

#include <vector>

#include "tests/conformance/spec.h"

namespace interleave::conformance {

// Every permutation, topic by topic; built once.
const std::vector<Permutation>& all_permutations();

std::vector<Permutation> flush_permutations();
std::vector<Permutation> read_committed_permutations();
std::vector<Permutation> unique_permutations();
std::vector<Permutation> foreign_key_permutations();
std::vector<Permutation> aborted_transaction_permutations();
std::vector<Permutation> savepoint_permutations();
std::vector<Permutation> schema_permutations();
std::vector<Permutation> advisory_lock_permutations();
std::vector<Permutation> row_lock_permutations();
std::vector<Permutation> row_queue_permutations();
std::vector<Permutation> lock_timeout_permutations();
std::vector<Permutation> deadlock_permutations();
std::vector<Permutation> document_permutations();
std::vector<Permutation> hostile_name_permutations();

}  // namespace interleave::conformance
