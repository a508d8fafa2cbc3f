#pragma once
// The queue of sessions waiting to lock one row, as PostgreSQL keeps it
// (src/backend/access/heap/README.tuplock, heap_lock_tuple/heap_update):
// a session that finds the row locked by a conflicting transaction first
// takes the row's *tuple lock*, a heavyweight lock with the lock manager's
// queue rules (FIFO; a request waits behind an earlier conflicting one),
// and only then waits for the locking transaction to end. So when the
// holder commits or aborts, only the tuple lock's holder wakes; it re-checks
// the row, follows the update chain, locks the newest version and then
// gives up the tuple lock, which passes to the next waiter in the queue —
// who finds the row locked by its predecessor and waits for it in turn.
//
// A session that needs no wait (its lock does not conflict, e.g. FOR SHARE
// beside FOR SHARE) never looks at the queue, so it may pass waiters. A
// transaction that already holds a weaker lock on the row skips the queue
// when it asks for a stronger one (PostgreSQL's skip_tuple_lock: else it
// would deadlock with the queue's head, who waits for it).

#include <cstdint>

#include "model/db/locks.h"
#include "model/db/session.h"

namespace interleave::model::db {

// The tuple lock of row `row_id` in table `table_oid`: one lock per row,
// whatever its version (waiters converge on the newest version anyway).
LockTag tuple_lock_tag(std::int64_t table_oid, std::int64_t row_id);

// The heavyweight mode PostgreSQL takes the tuple lock in for each row-lock
// strength (tupleLockExtraInfo in heapam.c): their conflicts are the row
// locks' own.
LockMode tuple_lock_mode(RowLock mode);

}  // namespace interleave::model::db
