#include "harness/fiber_runtime.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace interleave {

// Named, not anonymous: ControlledAlgorithm (declared in the header) derives
// from a template of it, which must not have internal linkage.
namespace fiber_runtime_detail {
struct ActorProperties : boost::fibers::fiber_properties {
  using fiber_properties::fiber_properties;
  ActorId actor = kNoActor;
};
}  // namespace fiber_runtime_detail
using fiber_runtime_detail::ActorProperties;
namespace {
using boost::fibers::context;  // file-local: a unity batch's next file must not see it
}  // namespace

class ControlledAlgorithm final
    : public boost::fibers::algo::algorithm_with_properties<ActorProperties> {
 public:
  // Owns the runtime: Boost.Fiber destroys the algorithm with the thread's
  // scheduler, after the last fiber, so a worker thread's runtime goes with it.
  explicit ControlledAlgorithm(FiberRuntime* runtime) : owned_(runtime), rt_(runtime) {}

  // Properties are built inside the fiber constructor, before the caller
  // could set them; the runtime tells us whose fiber is being built.
  boost::fibers::fiber_properties* new_properties(context* ctx) override {
    auto* props = new ActorProperties(ctx);
    if (ctx->is_context(boost::fibers::type::worker_context)) props->actor = rt_->launching_;
    return props;
  }

  void awakened(context* ctx, ActorProperties& props) noexcept override {
    if (ctx->is_context(boost::fibers::type::dispatcher_context)) {
      rt_->dispatcher_ready_ = ctx;
    } else if (ctx->is_context(boost::fibers::type::main_context)) {
      rt_->main_ready_ = ctx;
    } else {
      if (props.actor >= rt_->actor_ready_.size()) rt_->actor_ready_.resize(props.actor + 1);
      rt_->actor_ready_[props.actor] = ctx;
    }
  }

  context* pick_next() noexcept override {
    if (rt_->cleanup_due_ && rt_->dispatcher_ready_) {
      rt_->cleanup_due_ = false;
      return std::exchange(rt_->dispatcher_ready_, nullptr);
    }
    ActorId next = rt_->designated_;
    if (next != kNoActor && next < rt_->actor_ready_.size() && rt_->actor_ready_[next]) {
      return std::exchange(rt_->actor_ready_[next], nullptr);
    }
    if (next == kNoActor && rt_->main_ready_) return std::exchange(rt_->main_ready_, nullptr);
    // Only the dispatcher's own loop may be told "nothing": it then waits in
    // suspend_until, which in model mode means the harness lost a fiber.
    return std::exchange(rt_->dispatcher_ready_, nullptr);
  }

  bool has_ready_fibers() const noexcept override {
    if (rt_->dispatcher_ready_ || rt_->main_ready_) return true;
    for (auto* ctx : rt_->actor_ready_) {
      if (ctx) return true;
    }
    return false;
  }

  void suspend_until(std::chrono::steady_clock::time_point const&) noexcept override {
    if (rt_->designated_ != kNoActor) {
      std::fprintf(stderr, "interleave: internal error: designated actor %u has no fiber ready\n",
                   rt_->designated_);
      std::abort();
    }
  }

  void notify() noexcept override {}

 private:
  std::unique_ptr<FiberRuntime> owned_;
  FiberRuntime* rt_;
};

FiberRuntime& FiberRuntime::this_thread() {
  thread_local FiberRuntime* runtime = [] {
    auto* rt = new FiberRuntime();  // owned by the algorithm, which the thread's scheduler owns
    boost::fibers::use_scheduling_algorithm<ControlledAlgorithm>(rt);
    return rt;
  }();
  return *runtime;
}

boost::fibers::fiber FiberRuntime::launch(ActorId id, std::function<void()> body) {
  launching_ = id;
  boost::fibers::fiber fiber(boost::fibers::launch::post, std::allocator_arg, stacks_,
                             std::move(body));
  launching_ = kNoActor;
  return fiber;
}

}  // namespace interleave
