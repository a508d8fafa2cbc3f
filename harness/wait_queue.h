#pragma once
// A FIFO queue of parked actors; the model builds its locks, unique-index
// waits and workflow results on it. FIFO hand-off, unlike
// boost::fibers::mutex, so lock order is a property of the schedule alone.
//
// Requires: the queue outlives its waiters' parks, and belongs to the
// execution it was built with.

#include <boost/container/small_vector.hpp>
#include <span>
#include <string_view>

#include "harness/execution.h"

namespace interleave {

class WaitQueue {
 public:
  explicit WaitQueue(Execution& exec) : exec_(exec) {}
  WaitQueue(const WaitQueue&) = delete;
  WaitQueue& operator=(const WaitQueue&) = delete;

  // Parks the current actor until notified (or until `deadline_ms`).
  WakeReason wait(std::span<const ActorId> blockers, WaitLabel what,
                  std::optional<std::int64_t> deadline_ms = std::nullopt) {
    return exec_.park(this, blockers, what, deadline_ms);
  }
  // Makes every waiter runnable, oldest first. Never switches.
  void notify_all();
  // Makes the oldest waiter runnable. Returns false when nobody waits.
  bool notify_one();
  bool empty() const { return waiters_.empty(); }

 private:
  friend class Execution;
  Execution& exec_;
  // Oldest first. In place: a queue holds a waiter or two, and the model
  // builds many queues a schedule (a deque would allocate even when empty).
  boost::container::small_vector<ActorId, 4> waiters_;
};

}  // namespace interleave
