#pragma once
// The bridge to Boost.Fiber: a scheduling algorithm that never decides on
// its own. It keeps the ready contexts and resumes exactly the actor the
// Execution designated, so the strategy is the one place that chooses.
//
// Requires: one FiberRuntime per thread (`FiberRuntime::this_thread()`),
// installed before the first fiber is launched on that thread.
// Guarantees: an actor runs only when designated; the dispatcher runs after
// every actor termination, so finished fibers' stacks are freed at once.

#include <boost/fiber/all.hpp>
#include <functional>
#include <vector>

#include "harness/choice.h"

namespace interleave {

class FiberRuntime {
 public:
  // The runtime of the calling thread; installs the algorithm on first use.
  static FiberRuntime& this_thread();

  // Launches `body` as the fiber of actor `id` without running it.
  boost::fibers::fiber launch(ActorId id, std::function<void()> body);

  // The actor that runs at the next switch; kNoActor lets the thread's main
  // fiber (the explorer) run once it is ready.
  void designate(ActorId id) { designated_ = id; }
  // Frees finished fibers at the next switch.
  void request_cleanup() { cleanup_due_ = true; }
  // Forgets actor contexts of the previous execution (all of them ended).
  void reset() {
    actor_ready_.clear();
    designated_ = kNoActor;
  }

 private:
  friend class ControlledAlgorithm;
  FiberRuntime() = default;

  std::vector<boost::fibers::context*> actor_ready_;  // by actor id; null = not ready
  boost::fibers::context* main_ready_ = nullptr;
  boost::fibers::context* dispatcher_ready_ = nullptr;
  ActorId designated_ = kNoActor;
  ActorId launching_ = kNoActor;  // actor id for the properties of the fiber being built
  bool cleanup_due_ = false;
  boost::fibers::pooled_fixedsize_stack stacks_{256 * 1024};
};

}  // namespace interleave
