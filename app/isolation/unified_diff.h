#pragma once
// A unified diff (diff -u, three lines of context) of two texts, line by
// line; empty when they are equal.
//
//   --- tests/isolation/expected/unique.out
//   +++ interleave isolation (model)
//   @@ -4,3 +4,3 @@
//    step s1a: BEGIN;
//   -step s2a: INSERT INTO t VALUES (1); <waiting ...>
//   +step s2a: INSERT INTO t VALUES (1);

#include <string>
#include <string_view>

namespace interleave::app::isolation {

std::string unified_diff(std::string_view expected, std::string_view actual, const std::string& expected_name,
                         const std::string& actual_name);

}  // namespace interleave::app::isolation
