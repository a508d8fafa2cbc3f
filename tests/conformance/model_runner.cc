#include "tests/conformance/model_runner.h"

#include <memory>
#include <optional>
#include <utility>

#include "harness/execution.h"
#include "harness/program.h"
#include "harness/vector_strategy.h"
#include "harness/verdict.h"
#include "harness/wait_queue.h"
#include "model/db/database.h"
#include "tests/conformance/player.h"

namespace interleave::conformance {

namespace {

// What the driver and one session actor share.
struct Mailbox {
  explicit Mailbox(Execution& exec) : wakeup(exec) {}
  WaitQueue wakeup;  // the session actor parks here while idle
  ActorId actor = kNoActor;
  const Step* step = nullptr;  // handed to the actor, not yet taken
  bool busy = false;           // from handing a step until its outcome is left
  std::optional<std::string> outcome;
  bool quit = false;
};

class ModelDriver final : public SessionDriver {
 public:
  ModelDriver(Execution& exec, std::vector<std::unique_ptr<Mailbox>>& mailboxes, WaitQueue& wakeup)
      : exec_(exec), mailboxes_(mailboxes), wakeup_(wakeup) {}

  void start(std::size_t session, const Step& step) override {
    Mailbox& mailbox = *mailboxes_[session];
    mailbox.step = &step;
    mailbox.busy = true;
    mailbox.wakeup.notify_one();
    // Every session has a lower actor id than the driver: this returns once
    // all of them are idle or parked.
    exec_.scheduling_point();
  }

  void await_completion() override {
    std::vector<ActorId> busy;
    for (const auto& mailbox : mailboxes_) {
      if (mailbox->outcome) return;
      if (mailbox->busy) busy.push_back(mailbox->actor);
    }
    // When nothing can wake a busy session, the execution stops with a
    // deadlock verdict and this throws ExecutionCancelled.
    exec_.park(&wakeup_, busy, "a waiting step to complete");
  }

  std::optional<std::string> take_outcome(std::size_t session) override {
    return std::exchange(mailboxes_[session]->outcome, std::nullopt);
  }

 private:
  Execution& exec_;
  std::vector<std::unique_ptr<Mailbox>>& mailboxes_;  // by session
  WaitQueue& wakeup_;                                 // the driver parks here
};

class PermutationProgram final : public Program {
 public:
  explicit PermutationProgram(const Permutation& permutation) : permutation_(permutation) {}

  void start(Execution& exec) override {
    database_ = std::make_unique<model::db::Database>(exec, permutation_.tables);
    driver_wakeup_ = std::make_unique<WaitQueue>(exec);
    // The driver is spawned last, so it has the highest actor id.
    for (const SessionSpec& session : permutation_.sessions) {
      auto& mailbox = *mailboxes_.emplace_back(std::make_unique<Mailbox>(exec));
      mailbox.actor =
          exec.spawn({.name = session.name, .kind = "session"}, [this, &mailbox] { serve(mailbox); });
    }
    driver_ = exec.spawn({.name = "driver", .kind = "driver"}, [this, &exec] { drive(exec); });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }

  std::vector<std::string>& transcript() { return transcript_; }

 private:
  void serve(Mailbox& mailbox) {
    std::unique_ptr<Session> session = database_->connect();
    const ActorId blockers[] = {driver_};
    for (;;) {
      while (!mailbox.step && !mailbox.quit) mailbox.wakeup.wait(blockers, "the next step");
      if (!mailbox.step) return;  // quit; the session's destructor rolls back what is open
      const Step& step = *std::exchange(mailbox.step, nullptr);
      mailbox.outcome = outcome_of(step, *session);
      mailbox.busy = false;
      driver_wakeup_->notify_one();
    }
  }

  void drive(Execution& exec) {
    // An actor's first scheduling point does not switch (the choice that
    // started it was that point); spend it here, so that start()'s points
    // let the sessions run.
    exec.scheduling_point();
    std::optional<std::string> setup_failure;
    {
      std::unique_ptr<Session> setup = database_->connect();
      setup_failure = run_setup(permutation_, *setup);
    }
    if (setup_failure) {
      transcript_.push_back(failure_line(*setup_failure));
    } else {
      ModelDriver driver(exec, mailboxes_, *driver_wakeup_);
      play(permutation_, driver, transcript_);
    }
    for (auto& mailbox : mailboxes_) {
      mailbox->quit = true;
      mailbox->wakeup.notify_one();
    }
  }

  const Permutation& permutation_;
  std::unique_ptr<model::db::Database> database_;
  std::vector<std::unique_ptr<Mailbox>> mailboxes_;  // by session
  std::unique_ptr<WaitQueue> driver_wakeup_;
  ActorId driver_ = kNoActor;
  std::vector<std::string> transcript_;
};

}  // namespace

std::vector<std::string> run_on_model(const Permutation& permutation) {
  // With no values left, the vector strategy always runs the lowest runnable
  // actor id: exactly the priority the driver relies on.
  VectorStrategy lowest_id_first({});
  lowest_id_first.begin_schedule(0);
  Execution exec(lowest_id_first, {}, /*record_events=*/false);
  // Declared after the execution, so its Database goes before it.
  PermutationProgram program(permutation);
  exec.run(program);
  std::vector<std::string> transcript = std::move(program.transcript());
  if (exec.verdict().status != VerdictStatus::kHolds) {
    transcript.push_back(failure_line("harness verdict " + std::string(to_string(exec.verdict().status)) +
                                      ": " + exec.verdict().message));
  }
  return transcript;
}

}  // namespace interleave::conformance
