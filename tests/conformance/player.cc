#include "tests/conformance/player.h"

#include <algorithm>
#include <map>
#include <utility>

#include "model/db/error.h"
#include "tests/conformance/steps.h"

namespace interleave::conformance {

namespace {

struct StepRef {
  std::size_t session;
  const Step* step;
};

// Every step by name. Throws RunFailure for a name used twice.
std::map<std::string, StepRef, std::less<>> index_steps(const Permutation& permutation) {
  std::map<std::string, StepRef, std::less<>> steps;
  for (std::size_t session = 0; session < permutation.sessions.size(); ++session) {
    for (const Step& step : permutation.sessions[session].steps) {
      if (!steps.try_emplace(step.name, StepRef{session, &step}).second) {
        throw RunFailure("step name " + step.name + " is used twice");
      }
    }
  }
  return steps;
}

// The player's view of the sessions: which step each one still waits in.
class Play {
 public:
  Play(const Permutation& permutation, SessionDriver& driver, std::vector<std::string>& transcript)
      : permutation_(permutation),
        driver_(driver),
        transcript_(transcript),
        waiting_(permutation.sessions.size()) {}

  void run() {
    const auto steps = index_steps(permutation_);
    for (const std::string& name : permutation_.order) {
      auto found = steps.find(name);
      if (found == steps.end()) throw RunFailure("permutation names unknown step " + name);
      issue(found->second);
    }
    while (any_waiting()) await_completion();
  }

 private:
  void issue(const StepRef& ref) {
    while (waiting_[ref.session]) await_completion();
    driver_.start(ref.session, *ref.step);
    if (auto outcome = driver_.take_outcome(ref.session)) {
      transcript_.push_back(ref.step->name + ": " + *outcome);
    } else {
      transcript_.push_back(ref.step->name + ": <waiting ...>");
      waiting_[ref.session] = ref.step->name;
    }
    report_completions();
  }

  void await_completion() {
    driver_.await_completion();
    report_completions();
  }

  // Completions seen at the last settling, in session order.
  void report_completions() {
    for (std::size_t session = 0; session < waiting_.size(); ++session) {
      if (!waiting_[session]) continue;
      if (auto outcome = driver_.take_outcome(session)) {
        transcript_.push_back(*waiting_[session] + ": <... completed> " + *outcome);
        waiting_[session].reset();
      }
    }
  }

  bool any_waiting() const {
    return std::any_of(waiting_.begin(), waiting_.end(), [](const auto& step) { return step.has_value(); });
  }

  const Permutation& permutation_;
  SessionDriver& driver_;
  std::vector<std::string>& transcript_;
  std::vector<std::optional<std::string>> waiting_;  // by session: the name of its step still waiting
};

}  // namespace

std::string outcome_of(const Step& step, Session& session) {
  try {
    return step.run(session);
  } catch (const model::db::DbError& error) {
    return "error " + error.sqlstate() + ": " + error.what();
  } catch (const std::exception& error) {
    return std::string("exception: ") + error.what();
  }
}

std::optional<std::string> run_setup(const Permutation& permutation, Session& session) {
  std::vector<Step> steps = permutation.setup;
  steps.push_back(commit("setup_commit"));
  for (const Step& step : steps) {
    std::string outcome = outcome_of(step, session);
    if (outcome.starts_with("error ") || outcome.starts_with("exception: ")) {
      return "setup step " + step.name + ": " + outcome;
    }
  }
  return std::nullopt;
}

void play(const Permutation& permutation, SessionDriver& driver, std::vector<std::string>& transcript) {
  try {
    Play(permutation, driver, transcript).run();
  } catch (const RunFailure& failure) {
    transcript.push_back(failure_line(failure.what()));
  }
}

std::string failure_line(const std::string& message) { return "failure: " + message; }

}  // namespace interleave::conformance
