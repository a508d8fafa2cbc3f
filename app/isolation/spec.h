#pragma once
// A PostgreSQL isolation-test spec as isolationtester (PostgreSQL 15) reads
// it: setup blocks, one teardown, sessions of named steps, and permutations
// of step names with their blocker markers. spec_reader.h reads one from
// text; positions point back into that text for error messages.
//
//   setup { CREATE TABLE t (id int PRIMARY KEY); }
//   teardown { DROP TABLE t; }
//   session s1
//   step s1a { BEGIN; INSERT INTO t VALUES (1); }
//   step s1c { COMMIT; }
//   session s2
//   step s2a { INSERT INTO t VALUES (1); }
//   permutation s1a s2a(*) s1c

#include <optional>
#include <string>
#include <vector>

namespace interleave::app::isolation {

// 1-based line and column (in characters) in the spec's text.
struct SourcePosition {
  int line = 1;
  int column = 1;
};

struct SpecStep {
  std::string name;
  std::string sql;  // as isolationtester keeps it: leading/trailing spaces and tabs trimmed, newlines kept
  SourcePosition at;
};

struct SpecSession {
  std::string name;
  std::optional<std::string> setup;
  std::vector<SpecStep> steps;
  std::optional<std::string> teardown;
  SourcePosition at;
};

// What holds a permutation step back from being reported complete.
enum class BlockerKind {
  kOnce,       // (*): reported as waiting the first time it is looked at
  kOtherStep,  // (s1a): not complete while step s1a is still running
  kNotices,    // (s1a notices 2): not complete until s1a's session printed 2 more notices
};

struct Blocker {
  BlockerKind kind = BlockerKind::kOnce;
  std::string step;  // kOtherStep, kNotices
  int notices = 0;   // kNotices
  SourcePosition at;
};

struct PermutationStep {
  std::string name;
  std::vector<Blocker> blockers;
  SourcePosition at;
};

struct Permutation {
  std::vector<PermutationStep> steps;
  SourcePosition at;
};

struct Spec {
  std::vector<std::string> setups;
  std::optional<std::string> teardown;
  std::vector<SpecSession> sessions;
  std::vector<Permutation> permutations;  // empty: every interleaving (permutations.h)
};

}  // namespace interleave::app::isolation
