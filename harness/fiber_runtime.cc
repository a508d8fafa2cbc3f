#include "harness/fiber_runtime.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

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

struct FiberRuntime::Worker {
  boost::fibers::fiber fiber;
  boost::fibers::context* context = nullptr;  // its fiber's, from its first run
  std::function<void()> job;
  bool stop = false;
};

FiberRuntime::FiberRuntime() = default;

FiberRuntime::~FiberRuntime() {
  // stop_workers() joined them; one still busy belongs to an execution the
  // thread left while unwinding: Boost.Fiber's scheduler owns it now.
  for (auto& worker : workers_) {
    if (worker->fiber.joinable()) worker->fiber.detach();
  }
}

FiberRuntime& FiberRuntime::this_thread() {
  // Ends the pooled fibers when the thread ends, while the thread's
  // scheduler still runs: Boost.Fiber built it first, so it goes after this.
  struct Owner {
    FiberRuntime* runtime = new FiberRuntime();  // owned by the algorithm, which the thread's scheduler owns
    Owner() { boost::fibers::use_scheduling_algorithm<ControlledAlgorithm>(runtime); }
    Owner(const Owner&) = delete;
    Owner& operator=(const Owner&) = delete;
    ~Owner() { runtime->stop_workers(); }
  };
  thread_local Owner owner;
  return *owner.runtime;
}

void FiberRuntime::start(ActorId id, std::function<void()> body) {
  if (idle_.empty()) {
    workers_.push_back(std::make_unique<Worker>());
    Worker& worker = *workers_.back();
    worker.job = std::move(body);
    launching_ = id;
    worker.fiber = boost::fibers::fiber(boost::fibers::launch::post, std::allocator_arg, stacks_,
                                        [this, &worker] { serve(worker); });
    launching_ = kNoActor;
    return;
  }
  Worker& worker = *idle_.back();
  idle_.pop_back();
  worker.job = std::move(body);
  static_cast<ActorProperties*>(worker.context->get_properties())->actor = id;
  boost::fibers::context::active()->schedule(worker.context);  // ready, as a new fiber is
}

void FiberRuntime::serve(Worker& worker) {
  worker.context = boost::fibers::context::active();
  while (!worker.stop) {
    std::exchange(worker.job, nullptr)();
    idle_.push_back(&worker);
    worker.context->suspend();  // parked until start() or stop_workers() readies it
  }
  designated_ = kNoActor;  // the main fiber, joining this one, goes on
}

void FiberRuntime::run_actors() {
  // The main fiber waits among the ready ones; pick_next() takes it only
  // once kNoActor is designated.
  boost::this_fiber::yield();
}

void FiberRuntime::stop_workers() {
  for (Worker* worker : idle_) {
    worker->stop = true;
    designated_ = static_cast<ActorProperties*>(worker->context->get_properties())->actor;
    boost::fibers::context::active()->schedule(worker->context);
    worker->fiber.join();
  }
  idle_.clear();
}

}  // namespace interleave
