#pragma once
// What PostgreSQL's isolationtester printed for each step of a permutation,
// read from its output:
//
//   step s1: BEGIN; INSERT ... RETURNING "id";      a step and its results
//   id
//   --
//    1
//   (1 row)
//
//   step s2: INSERT ... <waiting ...>                blocked on a lock
//   s1: NOTICE:  drop cascades to ...                a notice (left out)
//   step s2: <... completed>                         its results follow
//   ERROR:  duplicate key value violates unique constraint "k"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

struct StepOutput {
  bool waited = false;             // shown <waiting ...> when it started
  bool completed = false;          // its results were printed
  std::vector<std::string> lines;  // what followed: result tables, "ERROR:  ..."

  // The primary message of an "ERROR:  message" line.
  std::optional<std::string> error() const;
  // N of the last "(N rows)" / "(1 row)" line.
  std::optional<std::size_t> row_count() const;
  // The data lines of the last result table, trimmed.
  std::vector<std::string> rows() const;
};

// By step name. `sessions` names the spec's sessions, whose notices are
// printed as "<session>: <message>".
std::map<std::string, StepOutput> parse_isolation_output(std::string_view output,
                                                         const std::vector<std::string>& sessions);

}  // namespace interleave
