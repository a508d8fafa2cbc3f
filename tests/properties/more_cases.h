#pragma once
// RapidCheck with a multiple of its configured number of cases (RC_PARAMS
// max_success, 100 by default). A property test that must find a seeded
// race cannot be allowed to miss it for want of cases: the deletion window
// hides from about one seed in twenty over 100 cases. RapidCheck stops at
// the first failure, so the extra cases cost time only when nothing fails.
//
// Example:
//   const bool held = check_with_more_cases("seed deletes acme", 10, [&] { RC_ASSERT(...); });

#include <rapidcheck.h>

#include <iostream>
#include <sstream>
#include <string>
#include <utility>

namespace interleave::test_support {

inline rc::detail::TestParams more_cases(int factor) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess *= factor;
  return params;
}

// Runs `testable` with more_cases(factor) under `metadata`'s id (RapidCheck's
// RC_PARAMS="reproduce=..." line names it); `message` gets RapidCheck's report.
template <typename Testable>
bool run_with_more_cases(const rc::detail::TestMetadata& metadata, int factor, Testable&& testable,
                         std::string& message) {
  const rc::detail::TestResult result =
      rc::detail::checkTestable(std::forward<Testable>(testable), metadata, more_cases(factor));
  std::ostringstream report;
  rc::detail::printResultMessage(result, report);
  message = report.str();
  return result.template is<rc::detail::SuccessResult>();
}

// rc::check(description, testable) with more_cases(factor): true when every case held.
template <typename Testable>
bool check_with_more_cases(const std::string& description, int factor, Testable&& testable) {
  std::string message;
  const bool held = run_with_more_cases({description, description}, factor, std::forward<Testable>(testable), message);
  std::cout << "- " << description << "\n" << message << "\n";
  return held;
}

}  // namespace interleave::test_support
