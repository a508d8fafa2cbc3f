#include "harness/shrinker.h"

#include <algorithm>

#include "harness/bounded_preemption_strategy.h"
#include "harness/lenient_replay_strategy.h"
#include "harness/random_strategy.h"

namespace interleave {

namespace {

// Wraps a strategy and notes, for every choice, who could have gone on: the
// preemptions of a run are where another actor was picked.
class CurrentsRecorder final : public Strategy {
 public:
  explicit CurrentsRecorder(Strategy& inner) : inner_(inner) {}

  bool begin_schedule(std::uint64_t index) override {
    currents_.clear();
    return inner_.begin_schedule(index);
  }
  Decision decide(const DecisionRequest& request) override {
    Decision decision = inner_.decide(request);
    currents_.push_back(request.kind == DecisionRequest::Kind::kActor ? request.current : kNoActor);
    return decision;
  }
  std::string name() const override { return inner_.name(); }

  std::vector<ActorId> take_currents() { return std::move(currents_); }

 private:
  Strategy& inner_;
  std::vector<ActorId> currents_;
};

std::uint32_t actor_decisions(const ChoiceVector& choices) {
  return static_cast<std::uint32_t>(std::count_if(choices.begin(), choices.end(), [](const Choice& c) {
    return c.kind == Choice::Kind::kActor;
  }));
}

std::uint32_t draws_not_zero(const Trace& trace) {
  return static_cast<std::uint32_t>(std::count_if(trace.choices.begin(), trace.choices.end(), [](const Choice& c) {
    return c.kind == Choice::Kind::kDraw && c.value != 0;
  }));
}

}  // namespace

std::string message_shape(const Verdict& verdict, const std::vector<ActorInfo>& actors) {
  // Longest names first, so "api-10" is not masked as "api-1" and a "0".
  std::vector<std::string> names;
  for (const ActorInfo& actor : actors) {
    if (!actor.name.empty()) names.push_back(actor.name);
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  const std::string& text = verdict.message;
  std::string shape;
  for (std::size_t i = 0; i < text.size();) {
    auto name = std::find_if(names.begin(), names.end(), [&](const std::string& candidate) {
      return text.compare(i, candidate.size(), candidate) == 0;
    });
    if (name != names.end()) {
      shape += "<actor>";
      i += name->size();
    } else if (text[i] >= '0' && text[i] <= '9') {
      shape += '#';
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    } else if (text[i] == '\'' || text[i] == '"') {
      std::size_t close = text.find(text[i], i + 1);
      if (close == std::string::npos) close = text.size() - 1;
      shape += text[i];
      shape += "*";
      shape += text[i];
      i = close + 1;
    } else {
      shape += text[i++];
    }
  }
  return shape;
}

Failure Failure::of(const Trace& trace) {
  return {trace.verdict.status, trace.verdict.property, message_shape(trace.verdict, trace.actors)};
}

bool Failure::matches(const Trace& trace) const {
  return trace.verdict.status == status && trace.verdict.property == property &&
         message_shape(trace.verdict, trace.actors) == shape;
}

std::vector<std::size_t> preemption_points(const ShrinkRun& run) {
  std::vector<std::size_t> points;
  for (std::size_t i = 0; i < run.trace.choices.size() && i < run.currents.size(); ++i) {
    const Choice& choice = run.trace.choices[i];
    if (choice.kind == Choice::Kind::kActor && run.currents[i] != kNoActor && choice.value != run.currents[i]) {
      points.push_back(i);
    }
  }
  return points;
}

std::optional<ShrinkRun> Shrinker::run(const ProgramFactory& factory, const ChoiceVector& choices,
                                       const std::vector<ActorInfo>& recorded) {
  if (!budget_.take()) return std::nullopt;
  LenientReplayStrategy lenient(choices);
  CurrentsRecorder strategy(lenient);
  strategy.begin_schedule(0);
  auto program = factory();
  Execution exec(strategy, settings_.limits, /*record_events=*/true);
  if (!recorded.empty()) {
    lenient.follow_names(recorded, [&exec](ActorId id) -> std::string_view { return exec.actor_info(id).name; });
  }
  exec.run(*program);

  ShrinkRun result;
  result.trace.limits = settings_.limits;
  result.trace.actors = exec.actors();
  result.trace.choices = exec.choices();
  result.trace.events = exec.events();
  result.trace.verdict = exec.verdict();
  result.currents = strategy.take_currents();
  std::uint32_t faults = settings_.count_faults ? settings_.count_faults(result.trace) : draws_not_zero(result.trace);
  result.size = {exec.preemptions(), faults, result.trace.choices.size(), exec.steps()};
  return result;
}

std::optional<ShrinkRun> Shrinker::find_failure(const ProgramFactory& factory, const Failure& target,
                                                const ChoiceVector& hint, const std::vector<ActorInfo>& recorded) {
  auto hinted = run(factory, hint, recorded);
  if (!hinted) return std::nullopt;
  if (target.matches(hinted->trace)) return hinted;
  // Schedules with 0, 1 or 2 preemptions first, and every fourth unbounded.
  const std::uint32_t decisions = actor_decisions(hinted->trace.choices);
  for (std::uint32_t index = 0; index < settings_.search_schedules; ++index) {
    BoundedPreemptionStrategy bounded(settings_.search_seed, index % 4, decisions);
    RandomStrategy random(settings_.search_seed);
    Strategy& strategy = index % 4 == 3 ? static_cast<Strategy&>(random) : bounded;
    strategy.begin_schedule(index);
    if (auto found = try_schedule(factory, strategy, target)) return found;
  }
  return std::nullopt;
}

std::optional<ShrinkRun> Shrinker::try_schedule(const ProgramFactory& factory, Strategy& strategy,
                                                const Failure& target) {
  if (!budget_.take()) return std::nullopt;
  auto program = factory();
  Execution exec(strategy, settings_.limits, /*record_events=*/false);
  exec.run(*program);
  if (exec.verdict().status != target.status || exec.verdict().property != target.property) return std::nullopt;
  // Found without events: run it again, recording, by its exact choices.
  auto found = run(factory, exec.choices(), {});
  if (!found || !target.matches(found->trace)) return std::nullopt;
  return found;
}

ShrinkRun Shrinker::shrink(const ProgramFactory& factory, ShrinkRun failing, const Failure& target) {
  ShrinkRun best = std::move(failing);
  // Each pass returns at its first success, so the cheapest pass runs first
  // again on the smaller schedule; none succeeding (or the budget running
  // out) ends the shrink.
  while (cut_before_a_preemption(factory, target, best) || let_a_preempted_actor_go_on(factory, target, best) ||
         draw_zero_instead(factory, target, best) || search_fewer_preemptions(factory, target, best)) {
  }
  return best;
}

bool Shrinker::improves(const ProgramFactory& factory, const ChoiceVector& candidate, const Failure& target,
                        ShrinkRun& best) {
  auto attempt = run(factory, candidate, best.trace.actors);
  if (!attempt || !target.matches(attempt->trace) || !(attempt->size < best.size)) return false;
  best = std::move(*attempt);
  return true;
}

// Keeps the first preemptions only; the fewer kept, the earlier tried.
bool Shrinker::cut_before_a_preemption(const ProgramFactory& factory, const Failure& target, ShrinkRun& best) {
  for (std::size_t point : preemption_points(best)) {
    ChoiceVector cut(best.trace.choices.begin(), best.trace.choices.begin() + static_cast<std::ptrdiff_t>(point));
    if (improves(factory, cut, target, best)) return true;
  }
  return false;
}

bool Shrinker::let_a_preempted_actor_go_on(const ProgramFactory& factory, const Failure& target, ShrinkRun& best) {
  for (std::size_t point : preemption_points(best)) {
    ChoiceVector candidate = best.trace.choices;
    candidate[point] = Choice::actor(best.currents[point]);
    if (improves(factory, candidate, target, best)) return true;
  }
  return false;
}

bool Shrinker::draw_zero_instead(const ProgramFactory& factory, const Failure& target, ShrinkRun& best) {
  for (std::size_t i = 0; i < best.trace.choices.size(); ++i) {
    const Choice choice = best.trace.choices[i];
    if (choice.kind != Choice::Kind::kDraw || choice.value == 0) continue;
    ChoiceVector candidate = best.trace.choices;
    candidate[i] = Choice::draw(0, choice.options);
    if (improves(factory, candidate, target, best)) return true;
  }
  return false;
}


// Editing the schedule can get stuck where the failure needs another
// interleaving altogether (a workflow run before a request, with no
// preemption between): sample schedules with fewer preemptions instead.
bool Shrinker::search_fewer_preemptions(const ProgramFactory& factory, const Failure& target, ShrinkRun& best) {
  const std::uint32_t bound = best.size.preemptions;
  if (bound == 0) return false;
  const std::uint32_t decisions = actor_decisions(best.trace.choices);
  for (std::uint32_t index = 0; index < settings_.preemption_search_schedules; ++index) {
    BoundedPreemptionStrategy strategy(settings_.search_seed, index % bound, decisions);
    strategy.begin_schedule(index);
    auto found = try_schedule(factory, strategy, target);
    if (found && found->size < best.size) {
      best = std::move(*found);
      return true;
    }
  }
  return false;
}

}  // namespace interleave
