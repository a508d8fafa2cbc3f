#pragma once
// The bridge to Boost.Fiber: a scheduling algorithm that never decides on
// its own. It keeps the ready contexts and resumes exactly the actor the
// Execution designated, so the strategy is the one place that chooses.
//
// Actors run on pooled fibers: a fiber whose actor finished parks until the
// next execution on its thread gives it another actor, so a schedule builds
// and tears down no fiber (context, properties, stack) once the pool holds
// as many fibers as a schedule runs actors at once.
//
// Requires: one FiberRuntime per thread (`FiberRuntime::this_thread()`),
// installed before the first fiber is launched on that thread.
// Guarantees: an actor runs only when designated; the thread's pooled
// fibers end with the thread.

#include <boost/fiber/all.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "harness/choice.h"

namespace interleave {

class FiberRuntime {
 public:
  // The runtime of the calling thread; installs the algorithm on first use.
  static FiberRuntime& this_thread();
  ~FiberRuntime();
  FiberRuntime(const FiberRuntime&) = delete;
  FiberRuntime& operator=(const FiberRuntime&) = delete;

  // Readies `body` as actor `id` on a pooled fiber without running it. The
  // body must not throw: the fiber goes back to the pool when it returns.
  void start(ActorId id, std::function<void()> body);

  // The actor that runs at the next switch; kNoActor lets the thread's main
  // fiber (the explorer) run once it is ready.
  void designate(ActorId id) { designated_ = id; }
  // From the main fiber: runs the designated actors until one designates
  // kNoActor (every actor finished).
  void run_actors();
  // The fibers this thread's pool built: as many as actors ever ran at once
  // on the thread, not as many as ran.
  std::size_t fibers() const { return workers_.size(); }
  // Forgets actor contexts of the previous execution (all of them ended).
  void reset() {
    actor_ready_.clear();
    designated_ = kNoActor;
  }

 private:
  friend class ControlledAlgorithm;
  struct Worker;
  FiberRuntime();
  void serve(Worker& worker);
  // Ends the pooled fibers, from the thread's main fiber before the
  // thread's scheduler goes.
  void stop_workers();

  std::vector<boost::fibers::context*> actor_ready_;  // by actor id; null = not ready
  boost::fibers::context* main_ready_ = nullptr;
  boost::fibers::context* dispatcher_ready_ = nullptr;
  ActorId designated_ = kNoActor;
  ActorId launching_ = kNoActor;  // actor id for the properties of the fiber being built
  // Each stack ends in a guard page: an actor that overflows its stack
  // stops at a segmentation fault instead of writing over another's memory.
  // Free on the hot path: pooled fibers keep their stacks.
  boost::fibers::protected_fixedsize_stack stacks_{256 * 1024};
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;  // parked, newest last: its stack is the warmest
};

}  // namespace interleave
