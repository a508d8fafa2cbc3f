#pragma once
// isolationtester's algorithm (PostgreSQL 15, src/test/isolation) over a
// backend's connections, printing what it prints:
//
//   Parsed test spec with 2 sessions
//
//   starting permutation: s1a s2a s1c
//   step s1a: BEGIN; INSERT INTO t VALUES (1);
//   step s2a: INSERT INTO t VALUES (1); <waiting ...>
//   step s1c: COMMIT;
//   step s2a: <... completed>
//   ERROR:  duplicate key value violates unique constraint "t_pkey"
//
// For each permutation: the setup blocks on the control connection (a
// result set of the last statement printed, notices hidden), each
// session's setup, then the steps in order. A step is sent; if it waits
// on a lock it prints "<waiting ...>" and the next step goes. A step of a
// session whose previous step still runs first waits for that one. After
// each step, the waiting steps that finished are reported
// ("<... completed>" and their results) in the order they began waiting.
// At the end the tester waits for every step, then runs the sessions'
// teardowns and the teardown. Blockers: (*) reports the step waiting once;
// (s1a) holds its completion while step s1a runs; (s1a notices N) until
// s1a's session printed N more notices.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/isolation/connections.h"
#include "app/isolation/permutations.h"
#include "app/isolation/spec.h"

namespace interleave::app::isolation {

// isolationtester's max_step_wait when PGISOLATIONTIMEOUT is not set.
inline constexpr std::int64_t kDefaultMaxStepWaitMs = 300'000;

class Tester {
 public:
  // `out` gets what isolationtester prints on stdout, `err` its stderr. A
  // step that runs longer than `max_step_wait_ms` while the tester waits
  // for it is cancelled (isolationtester's PGISOLATIONTIMEOUT, 300 s
  // unless set).
  Tester(const Spec& spec, Connections& connections, std::string& out, std::string& err,
         std::int64_t max_step_wait_ms = kDefaultMaxStepWaitMs);

  // "Parsed test spec with N sessions\n".
  void print_header();
  // Runs one permutation. False when the run cannot go on, as
  // isolationtester exits: a setup failed, or a step can never finish.
  bool run(const PlannedPermutation& permutation);

 private:
  enum Flags : unsigned { kNonBlock = 1, kRetry = 2 };
  static constexpr std::int64_t kPollMs = 10;  // how often isolationtester looks at a running step

  bool run_setup();
  void run_steps();
  void run_teardown();
  // try_complete_step: true while the step still waits.
  bool try_complete(std::size_t index, unsigned flags);
  // try_complete_steps over waiting_, dropping the finished ones.
  void try_complete_waiting(unsigned flags);
  bool held_by_blocker(std::size_t index) const;
  void print_waiting(std::size_t index);
  // Reads what the connection received: the notices before its first
  // result are printed now (as libpq's notice processor does), the rest
  // kept for the step's report.
  void read(std::size_t connection);
  // "step X: sql" or "step X: <... completed>", with its results and notices.
  void print_completion(std::size_t index, bool retry);
  void print_notice(std::size_t connection, const std::string& text);
  std::string name_of(std::size_t connection) const;

  const Spec& spec_;
  Connections& connections_;
  std::string& out_;
  std::string& err_;
  std::int64_t max_step_wait_ms_;
  const PlannedPermutation* permutation_ = nullptr;
  std::vector<long> active_;                      // by connection: index of its running step, or -1
  std::vector<std::vector<Received>> held_;       // by connection: results read, not yet printed
  std::vector<long> notices_;                     // by connection: notices printed so far
  std::vector<std::vector<long>> target_notices_; // by step index and blocker
  std::vector<std::size_t> waiting_;              // step indexes, in the order they began waiting
  bool new_notice_ = false;
};

}  // namespace interleave::app::isolation
