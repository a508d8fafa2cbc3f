#pragma once
// One run of a program under one schedule.
//
// Actors are fibers. Every shared-state operation starts with a scheduling
// point, where the strategy picks who runs next; blocking operations park the
// actor on a WaitQueue until someone notifies it (or its virtual deadline
// passes). The execution alone switches fibers, so the run is a pure function
// of (program, strategy choices).
//
// Example:
//   RandomStrategy strategy(7);
//   strategy.begin_schedule(0);
//   Execution exec(strategy, {.max_steps = 1000}, /*record_events=*/true);
//   exec.run(program);   // program.start() spawns actors with exec.spawn()
//   if (exec.verdict().status == VerdictStatus::kViolation) ...

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/choice.h"
#include "harness/fiber_runtime.h"
#include "harness/footprint.h"
#include "harness/program.h"
#include "harness/strategy.h"
#include "harness/verdict.h"
#include "harness/wait_label.h"

namespace interleave {

class WaitQueue;

struct ExecutionLimits {
  std::uint32_t max_steps = 20'000;         // a livelock ends as "budget exceeded"
  std::int64_t max_time_ms = 24 * 3600'000;  // virtual time budget
};

// Thrown into parked or yielding actors when the execution stops early (a
// violation was found, a deadlock, a budget). Deliberately not a
// std::exception, so service code that catches std::exception cannot
// swallow it.
struct ExecutionCancelled {};

// Why park() returned: notified through its queue, its deadline came, or
// another actor interrupted it (interrupt(): a server cancelling the
// statement a connection runs).
enum class WakeReason : std::uint8_t { kNotified, kTimedOut, kInterrupted };

struct Event {
  std::uint32_t step;
  std::int64_t time_ms;
  ActorId actor;
  std::string op;
  std::string text;
  std::string result;
  friend bool operator==(const Event&, const Event&) = default;
};

class Execution {
 public:
  Execution(Strategy& strategy, ExecutionLimits limits, bool record_events);
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // Starts the program's actors and runs until all of them finished or the
  // execution stopped; then checks quiescence properties.
  void run(Program& program);
  // Makes the execution as it was built, for the next schedule of the same
  // strategy, keeping what it allocated (actors, choice and event buffers):
  // an exploration runs thousands of schedules through one execution. What
  // the last run's actors hold goes now, as it would with the execution.
  void reset();

  // --- Called by programs and models ---

  // Adds an actor; it runs when the strategy first picks it.
  ActorId spawn(ActorInfo info, std::function<void()> body);
  // A scheduling point: ends the current step, checks safety properties and
  // lets the strategy choose who runs next.
  void scheduling_point();
  // A data or fault choice in [0, options), recorded in the choice stream.
  std::uint32_t draw(std::uint32_t options);
  // Parks the current actor in `queue` (may be null: a pure timer) until it is
  // notified or virtual time reaches `deadline_ms`. `blockers` feed the
  // wait-for graph of a deadlock report.
  WakeReason park(WaitQueue* queue, std::span<const ActorId> blockers, WaitLabel what,
                  std::optional<std::int64_t> deadline_ms = std::nullopt);
  // Sleeps in virtual time.
  void sleep_for(std::int64_t duration_ms);
  // Ends a parked actor's park early: it returns kInterrupted. Never
  // switches; nothing happens to an actor that is not parked.
  void interrupt(ActorId id);
  // Stops the execution with a divergence verdict — a second backend run in
  // lockstep answered otherwise — and unwinds the current actor.
  void diverge(std::string message);
  // Stops the execution as not replayable — not judged — and unwinds the
  // current actor: a second backend cannot follow this schedule.
  void not_replayable(std::string message);

  // Notes that the current step reads or writes a shared resource, for
  // strategies that reduce by commuting steps; free when none asked.
  void touch(ResourceId resource, Access access) {
    if (footprints_ && current_) note_touch(resource, access);
  }

  ActorId current() const;
  // Whether the actor is parked, waiting to be notified (or for its deadline).
  bool parked(ActorId id) const;
  std::int64_t now_ms() const { return now_ms_; }
  bool cancelled() const { return cancelled_; }

  // Events are only kept when recording; callers test recording() before
  // formatting text, so exploration does no string work.
  bool recording() const { return record_events_; }
  // Whether touch() is noted: models keep their own bookkeeping for it
  // (what a transaction wrote) only then.
  bool footprints() const { return footprints_; }
  void record(std::string op, std::string text, std::string result);

  // --- Results ---
  const Verdict& verdict() const { return verdict_; }
  const ChoiceVector& choices() const { return choices_; }
  const std::vector<Event>& events() const { return events_; }
  std::vector<ActorInfo> actors() const;
  const ActorInfo& actor_info(ActorId id) const;
  std::uint32_t steps() const { return steps_; }
  // Decisions where the actor at the point could have gone on and another
  // was picked instead (CHESS's preemptions).
  std::uint32_t preemptions() const { return preemptions_; }

 private:
  friend class WaitQueue;
  struct Actor;
  struct Timer {
    std::int64_t deadline_ms;
    std::uint64_t sequence;  // ties broken by issue order, never by address
    ActorId actor;
  };

  void actor_main(Actor& actor);
  void note_touch(ResourceId resource, Access access);
  void end_step();
  ActorId choose_next(Actor* self);
  void hand_off(Actor* self);
  void resume_check(Actor& self);
  bool fire_next_timers();
  void report_deadlock();
  void stop(VerdictStatus status, std::string property, std::string message);
  void wake(ActorId id, WakeReason reason);
  void throw_cancelled_unless_unwinding() const;
  // Runs actors spawned but never run (the execution never ran, or start()
  // threw) cancelled, so their pooled fibers go back without running them.
  void release_unrun_actors();
  // Ends the execution as a decision that is not a pick says.
  void give_up(Decision decision);

  Strategy& strategy_;
  ExecutionLimits limits_;
  bool record_events_;
  ReductionObserver* reduction_;  // null: the strategy does not reduce
  bool footprints_;
  Footprint step_footprint_;  // of the step running now
  FiberRuntime& runtime_;
  Program* program_ = nullptr;
  // Every member from here on but spare_actors_ is per schedule: reset()
  // clears each one. In place for a schedule's usual dozen actors, so a
  // run that is not reset (a replay, a test) does not allocate them.
  boost::container::small_vector<std::unique_ptr<Actor>, 16> actors_;
  std::vector<std::unique_ptr<Actor>> spare_actors_;  // the last schedule's, filled by reset() for spawn()
  boost::container::small_vector<ActorId, 16> runnable_;  // scratch, reused at every point
  std::vector<Timer> timers_;
  std::uint64_t timer_sequence_ = 0;
  Actor* current_ = nullptr;
  std::uint32_t steps_ = 0;
  std::uint32_t preemptions_ = 0;
  std::int64_t now_ms_ = 0;
  bool cancelled_ = false;
  Verdict verdict_;
  ChoiceVector choices_;
  std::vector<Event> events_;
};

}  // namespace interleave
