#pragma once
// Plays a permutation on a backend's sessions and writes its transcript, the
// same way for the model and for PostgreSQL, so that the two transcripts and
// the expected one compare line by line.
//
// The transcript, isolationtester's notation on one line per event:
//   s1_insert: id 1                        the step finished before the player looked
//   s2_insert: <waiting ...>               it was waiting on a lock when the player looked
//   s2_insert: <... completed> <outcome>   a waiting step finished; printed after the line of
//                                          the step that released it (several in session order)
//   failure: <message>                     the run could not go on (nothing can release a waiting
//                                          step, the setup failed); the transcript ends there
// An outcome is the step's text (steps.h), or "error <SQLSTATE>: <primary
// message>" for a DbError, or "exception: <what>" for any other exception.
//
// A step of a session whose previous step still waits is issued only once
// that step completed (isolationtester does the same); the completion is
// printed first. After the last step the player waits until every waiting
// step completed.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/conformance/spec.h"

namespace interleave::conformance {

// A backend's sessions as the player drives them: one step at a time each.
// "Settled" means every session's step has either finished or waits on a
// lock, and the outcomes the player reads are the ones seen at that point.
class SessionDriver {
 public:
  virtual ~SessionDriver() = default;
  // Hands `step` to idle session `session`; returns once the sessions settled.
  virtual void start(std::size_t session, const Step& step) = 0;
  // Returns once at least one waiting step finished and the sessions settled
  // again. Throws RunFailure when no waiting step can finish.
  virtual void await_completion() = 0;
  // The outcome of the session's step if it had finished when the sessions
  // last settled (the session is then idle); nullopt while it waits.
  virtual std::optional<std::string> take_outcome(std::size_t session) = 0;
};

// The run cannot go on; becomes the transcript's "failure:" line.
class RunFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs a step, turning what it throws into its outcome text.
std::string outcome_of(const Step& step, Session& session);

// Runs the permutation's setup on `session` and commits it. Returns the
// failure line's message when a setup step does not succeed.
std::optional<std::string> run_setup(const Permutation& permutation, Session& session);

// Plays permutation.order, appending to `transcript` as it goes (a runner
// whose driver unwinds by another exception still has what was seen). A
// RunFailure, and a step name that is unknown or used twice, end the
// transcript with a failure line.
void play(const Permutation& permutation, SessionDriver& driver, std::vector<std::string>& transcript);

// "failure: <message>".
std::string failure_line(const std::string& message);

}  // namespace interleave::conformance
