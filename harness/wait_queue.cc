#include "harness/wait_queue.h"

namespace interleave {

void WaitQueue::notify_all() {
  while (notify_one()) {
  }
}

bool WaitQueue::notify_one() {
  if (waiters_.empty()) return false;
  ActorId id = waiters_.front();
  waiters_.erase(waiters_.begin());
  exec_.wake(id, WakeReason::kNotified);
  return true;
}

}  // namespace interleave
