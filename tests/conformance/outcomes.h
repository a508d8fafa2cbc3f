#pragma once
// Outcomes many permutations expect, as transcripts print them: PostgreSQL
// 15's SQLSTATE and exact primary message.

#include <string>

namespace interleave::conformance {

inline const std::string kDuplicateHandle =
    "error 23505: duplicate key value violates unique constraint \"accounts_handle_key\"";
inline const std::string kMissingParent =
    "error 23503: insert or update on table \"children\" violates foreign key constraint "
    "\"children_parent_id_fkey\"";
inline const std::string kParentStillReferenced =
    "error 23503: update or delete on table \"parents\" violates foreign key constraint "
    "\"children_parent_id_fkey\" on table \"children\"";
inline const std::string kTransactionAborted =
    "error 25P02: current transaction is aborted, commands ignored until end of transaction block";
inline const std::string kLockTimeout = "error 55P03: canceling statement due to lock timeout";
inline const std::string kDeadlockDetected = "error 40P01: deadlock detected";

}  // namespace interleave::conformance
