#include "harness/execution.h"

#include <algorithm>
#include <exception>

#include <boost/fiber/operations.hpp>

#include <fmt/format.h>

#include "harness/exception_state.h"
#include "harness/wait_queue.h"

namespace interleave {

enum class ActorState : std::uint8_t { kRunnable, kBlocked, kFinished };

struct Execution::Actor {
  ActorInfo info;
  std::function<void()> body;
  ActorState state = ActorState::kRunnable;
  bool first_point_pending = true;  // the choice that started it was its first point
  WaitQueue* parked_in = nullptr;
  boost::container::small_vector<ActorId, 4> blockers;
  WaitLabel waiting_for;  // read only while blocked
  WakeReason wake_reason = WakeReason::kNotified;
  ExceptionState exceptions;  // its own, while another actor runs
  // What its current operation touched so far: a step that resumes the
  // operation after a wait goes on with the same resources.
  Footprint operation;
};

Execution::Execution(Strategy& strategy, ExecutionLimits limits, bool record_events)
    : strategy_(strategy),
      limits_(limits),
      record_events_(record_events),
      reduction_(strategy.reduction()),
      footprints_(reduction_ != nullptr),
      runtime_(FiberRuntime::this_thread()) {
  // A schedule of the catalogue makes a few dozen choices: room for them at
  // once costs less than growing into it.
  choices_.reserve(64);
}

Execution::~Execution() { release_unrun_actors(); }

void Execution::reset() {
  release_unrun_actors();
  for (auto& actor : actors_) {
    // Built again in place: what its body captured goes now.
    std::destroy_at(actor.get());
    std::construct_at(actor.get());
    spare_actors_.push_back(std::move(actor));
  }
  actors_.clear();
  step_footprint_.clear();
  program_ = nullptr;
  runnable_.clear();
  timers_.clear();
  timer_sequence_ = 0;
  current_ = nullptr;
  steps_ = 0;
  preemptions_ = 0;
  now_ms_ = 0;
  cancelled_ = false;
  verdict_ = {};
  choices_.clear();
  events_.clear();
}

void Execution::release_unrun_actors() {
  // run() ran every actor to its end. Actors spawned by an execution that
  // never ran, or whose start() threw, still hold pooled fibers: they run
  // now, cancelled, so their bodies never start and the fibers go back.
  const bool all_finished = std::all_of(actors_.begin(), actors_.end(),
                                        [](const auto& actor) { return actor->state == ActorState::kFinished; });
  if (all_finished) return;
  cancelled_ = true;
  const ExceptionState caller_exceptions = save_exception_state();
  runtime_.designate(choose_next(nullptr));
  runtime_.run_actors();
  restore_exception_state(caller_exceptions);
}

void Execution::run(Program& program) {
  program_ = &program;
  const ExceptionState caller_exceptions = save_exception_state();
  runtime_.reset();
  try {
    program.start(*this);
  } catch (const ExecutionCancelled&) {
    // A draw in start() stopped the execution (a replay without that
    // choice): the verdict says why, and any actor started unwinds below.
  }
  runtime_.designate(choose_next(nullptr));
  runtime_.run_actors();  // back when every actor, spawned ones too, finished
  restore_exception_state(caller_exceptions);
  current_ = nullptr;
  if (verdict_.status == VerdictStatus::kHolds && !cancelled_) {
    if (auto violation = program.check_quiescent()) {
      stop(VerdictStatus::kViolation, violation->property, violation->message);
    }
  }
  strategy_.end_schedule(verdict_);
}

ActorId Execution::spawn(ActorInfo info, std::function<void()> body) {
  touch(resource_id(ResourceKind::kSpawn, 0), Access::kWrite);
  auto id = static_cast<ActorId>(actors_.size());
  std::unique_ptr<Actor> actor;
  if (spare_actors_.empty()) {
    actor = std::make_unique<Actor>();
  } else {
    actor = std::move(spare_actors_.back());
    spare_actors_.pop_back();
  }
  info.id = id;
  actor->info = std::move(info);
  actor->body = std::move(body);
  Actor& ref = *actor;
  actors_.push_back(std::move(actor));
  runtime_.start(id, [this, &ref] { actor_main(ref); });
  return id;
}

void Execution::actor_main(Actor& actor) {
  restore_exception_state(actor.exceptions);  // none yet: not those of who ran before
  current_ = &actor;
  try {
    if (!cancelled_) actor.body();
  } catch (const ExecutionCancelled&) {
    // Expected: the execution stopped early and this actor unwound.
  } catch (const std::exception& error) {
    stop(VerdictStatus::kCrash, "",
         fmt::format("actor {} crashed: {}", actor.info.name, error.what()));
  } catch (...) {
    stop(VerdictStatus::kCrash, "", fmt::format("actor {} crashed", actor.info.name));
  }
  actor.state = ActorState::kFinished;
  end_step();
  hand_off(nullptr);
}

void Execution::note_touch(ResourceId resource, Access access) {
  current_->operation.add(resource, access);
  step_footprint_.add(resource, access);
}

void Execution::scheduling_point() {
  Actor& self = *current_;
  if (std::exchange(self.first_point_pending, false)) return;
  end_step();
  self.operation.clear();  // a new operation starts here
  throw_cancelled_unless_unwinding();
  if (cancelled_) return;
  hand_off(&self);
  resume_check(self);
}

std::uint32_t Execution::draw(std::uint32_t options) {
  if (options < 2 || cancelled_) return 0;
  Decision decision = strategy_.decide(DecisionRequest::draw(options));
  if (decision.kind != Decision::Kind::kPick) {
    give_up(std::move(decision));
    throw_cancelled_unless_unwinding();
    return 0;
  }
  choices_.push_back(Choice::draw(decision.value, options));
  return decision.value;
}

void Execution::diverge(std::string message) {
  stop(VerdictStatus::kDivergence, "", std::move(message));
  throw_cancelled_unless_unwinding();
}

void Execution::not_replayable(std::string message) {
  stop(VerdictStatus::kNotReplayable, "", std::move(message));
  throw_cancelled_unless_unwinding();
}

void Execution::give_up(Decision decision) {
  if (decision.kind == Decision::Kind::kDiverge) {
    stop(VerdictStatus::kDivergence, "", std::move(decision.reason));
  } else {
    stop(VerdictStatus::kAbandoned, "", "the strategy abandoned the schedule");
  }
}

WakeReason Execution::park(WaitQueue* queue, std::span<const ActorId> blockers,
                           WaitLabel what, std::optional<std::int64_t> deadline_ms) {
  Actor& self = *current_;
  self.first_point_pending = false;
  if (deadline_ms) touch(resource_id(ResourceKind::kTimers, 0), Access::kWrite);
  end_step();
  throw_cancelled_unless_unwinding();
  if (cancelled_) return WakeReason::kNotified;
  self.state = ActorState::kBlocked;
  self.parked_in = queue;
  self.blockers.assign(blockers.begin(), blockers.end());
  self.waiting_for = what;
  if (queue) queue->waiters_.push_back(self.info.id);
  if (deadline_ms) timers_.push_back({*deadline_ms, timer_sequence_++, self.info.id});
  hand_off(&self);
  self.waiting_for = {};
  resume_check(self);
  if (footprints_) step_footprint_ = self.operation;  // the operation goes on
  return self.wake_reason;
}

void Execution::sleep_for(std::int64_t duration_ms) {
  park(nullptr, {}, "sleep", now_ms_ + duration_ms);
}

void Execution::interrupt(ActorId id) { wake(id, WakeReason::kInterrupted); }

ActorId Execution::current() const { return current_ ? current_->info.id : kNoActor; }

void Execution::record(std::string op, std::string text, std::string result) {
  if (!record_events_) return;
  events_.push_back({steps_, now_ms_, current(), std::move(op), std::move(text), std::move(result)});
}

std::vector<ActorInfo> Execution::actors() const {
  std::vector<ActorInfo> infos;
  infos.reserve(actors_.size());
  for (const auto& actor : actors_) infos.push_back(actor->info);
  return infos;
}

const ActorInfo& Execution::actor_info(ActorId id) const { return actors_.at(id)->info; }

bool Execution::parked(ActorId id) const { return actors_.at(id)->state == ActorState::kBlocked; }

void Execution::end_step() {
  ++steps_;
  if (footprints_ && current_ && !cancelled_) {
    reduction_->step_ended(current_->info.id, step_footprint_);
    step_footprint_.clear();
  }
  if (cancelled_) return;
  if (steps_ > limits_.max_steps) {
    stop(VerdictStatus::kBudgetExceeded, "",
         fmt::format("step budget of {} exceeded (a livelock?)", limits_.max_steps));
    return;
  }
  if (auto violation = program_->check_step()) {
    stop(VerdictStatus::kViolation, violation->property, violation->message);
  }
}

// Picks the next actor to run. `self` is the actor at the scheduling point
// (null when it finished); it may go on only if it is still runnable.
ActorId Execution::choose_next(Actor* self) {
  for (;;) {
    runnable_.clear();
    for (const auto& actor : actors_) {
      if (actor->state == ActorState::kRunnable) runnable_.push_back(actor->info.id);
    }
    if (!runnable_.empty()) break;
    if (fire_next_timers()) continue;
    bool anyone_blocked = std::any_of(actors_.begin(), actors_.end(), [](const auto& actor) {
      return actor->state == ActorState::kBlocked;
    });
    if (!anyone_blocked) return kNoActor;  // everybody finished
    report_deadlock();                     // wakes everyone to unwind
  }
  // Unwinding after a stop is not part of the schedule: lowest id first.
  if (cancelled_) return runnable_.front();
  if (runnable_.size() == 1) {
    if (footprints_ && !reduction_->may_run_alone(runnable_.front())) give_up(Decision::abandon());
    return runnable_.front();
  }
  ActorId current = (self && self->state == ActorState::kRunnable) ? self->info.id : kNoActor;
  Decision decision = strategy_.decide(DecisionRequest::actor({runnable_.data(), runnable_.size()}, current));
  if (decision.kind != Decision::Kind::kPick) {
    give_up(std::move(decision));
    return runnable_.front();
  }
  const ActorId pick = decision.value;
  choices_.push_back(Choice::actor(pick));
  if (current != kNoActor && pick != current) ++preemptions_;
  return pick;
}

void Execution::hand_off(Actor* self) {
  ActorId next = choose_next(self);
  // Decided before yielding: Boost.Fiber re-queues the yielding fiber only
  // after the switch, so "self goes on" must not switch at all.
  if (self && next == self->info.id) return;
  runtime_.designate(next);
  if (!self) return;  // a finishing fiber switches when it terminates
  self->exceptions = save_exception_state();
  boost::this_fiber::yield();
  restore_exception_state(self->exceptions);
}

void Execution::resume_check(Actor& self) {
  current_ = &self;
  throw_cancelled_unless_unwinding();
}

void Execution::throw_cancelled_unless_unwinding() const {
  // During unwinding (a destructor rolling back) a throw would terminate.
  if (cancelled_ && std::uncaught_exceptions() == 0) throw ExecutionCancelled{};
}

void Execution::wake(ActorId id, WakeReason reason) {
  Actor& actor = *actors_[id];
  if (actor.state != ActorState::kBlocked) return;
  actor.state = ActorState::kRunnable;
  actor.wake_reason = reason;
  if (actor.parked_in && reason != WakeReason::kNotified) {
    auto& waiters = actor.parked_in->waiters_;
    waiters.erase(std::remove(waiters.begin(), waiters.end(), id), waiters.end());
  }
  actor.parked_in = nullptr;
  timers_.erase(std::remove_if(timers_.begin(), timers_.end(),
                               [id](const Timer& timer) { return timer.actor == id; }),
                timers_.end());
}

// Advances virtual time to the earliest deadline and wakes its actors.
bool Execution::fire_next_timers() {
  if (timers_.empty()) return false;
  auto earliest = std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
    return a.deadline_ms != b.deadline_ms ? a.deadline_ms < b.deadline_ms : a.sequence < b.sequence;
  });
  now_ms_ = std::max(now_ms_, earliest->deadline_ms);
  if (now_ms_ > limits_.max_time_ms) {
    stop(VerdictStatus::kBudgetExceeded, "",
         fmt::format("virtual time budget of {} ms exceeded", limits_.max_time_ms));
    return true;  // stop() woke everyone
  }
  std::vector<Timer> due;
  for (const Timer& timer : timers_) {
    if (timer.deadline_ms <= now_ms_) due.push_back(timer);
  }
  std::sort(due.begin(), due.end(),
            [](const Timer& a, const Timer& b) { return a.sequence < b.sequence; });
  for (const Timer& timer : due) wake(timer.actor, WakeReason::kTimedOut);
  return true;
}

void Execution::report_deadlock() {
  std::string graph;
  for (const auto& actor : actors_) {
    if (actor->state != ActorState::kBlocked) continue;
    std::string holders;
    for (ActorId blocker : actor->blockers) {
      holders += (holders.empty() ? "" : ", ") + actors_[blocker]->info.name;
    }
    graph += fmt::format("{}{} waits for {} ({})", graph.empty() ? "" : "; ", actor->info.name,
                         holders.empty() ? "nobody who can wake it" : holders, actor->waiting_for.text());
  }
  stop(VerdictStatus::kDeadlock, "", "deadlock: " + graph);
}

void Execution::stop(VerdictStatus status, std::string property, std::string message) {
  if (cancelled_) return;  // the first reason to stop is the verdict
  cancelled_ = true;
  verdict_ = {status, std::move(property), std::move(message), steps_};
  for (auto& actor : actors_) {
    if (actor->state == ActorState::kBlocked) {
      if (actor->parked_in) {
        auto& waiters = actor->parked_in->waiters_;
        waiters.erase(std::remove(waiters.begin(), waiters.end(), actor->info.id), waiters.end());
      }
      wake(actor->info.id, WakeReason::kNotified);
    }
  }
}

}  // namespace interleave
