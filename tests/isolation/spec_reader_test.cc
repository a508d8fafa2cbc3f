// The spec reader: isolationtester's format (PostgreSQL 15's specscanner.l
// and specparse.y) and, for what it refuses, file:line:column with what
// would be valid; and the permutations a spec runs.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/isolation/permutations.h"
#include "app/isolation/spec_reader.h"

namespace interleave::app::isolation {
namespace {

// "line:column: message" of the SpecError reading `text` throws.
std::string error_of(const std::string& text) {
  try {
    read_spec(text);
  } catch (const SpecError& error) {
    return error.located("x.spec");
  }
  return "no error";
}

std::vector<std::string> permutation_names(const Spec& spec) {
  std::vector<std::string> names;
  for_each_permutation(spec, [&](const PlannedPermutation& permutation) {
    std::string line;
    for (const PlannedStep& step : permutation) line += (line.empty() ? "" : " ") + step.name;
    names.push_back(line);
    return true;
  });
  return names;
}

TEST(IsolationSpecReader, ReadsSetupsTeardownSessionsStepsAndPermutations) {
  const ReadSpec read = read_spec(
      "# a comment\n"
      "setup { CREATE TABLE t (id int); }\n"
      "setup\n{\n  INSERT INTO t VALUES (1);\n}\n"
      "teardown { DROP TABLE t; }\n"
      "session s1\n"
      "setup { SET lock_timeout = '1s'; }\n"
      "step s1a { BEGIN; }   # trailing comment\n"
      "step \"s1 \"\"b\"\"\" {\tSELECT 1; \t}\n"
      "teardown { SELECT 2; }\n"
      "session \"s2\"\n"
      "step s2a { SELECT 3; }\n"
      "permutation s1a \"s1 \"\"b\"\"\"(*) s2a(s1a, s1a notices 2)\n");
  const Spec& spec = read.spec;
  ASSERT_EQ(spec.setups.size(), 2u);
  EXPECT_EQ(spec.setups[0], "CREATE TABLE t (id int);");
  // Spaces and tabs next to the braces go, newlines stay (isolationtester prints them).
  EXPECT_EQ(spec.setups[1], "\n  INSERT INTO t VALUES (1);\n");
  EXPECT_EQ(spec.teardown, "DROP TABLE t;");
  ASSERT_EQ(spec.sessions.size(), 2u);
  EXPECT_EQ(spec.sessions[0].setup, "SET lock_timeout = '1s';");
  EXPECT_EQ(spec.sessions[0].teardown, "SELECT 2;");
  ASSERT_EQ(spec.sessions[0].steps.size(), 2u);
  EXPECT_EQ(spec.sessions[0].steps[1].name, "s1 \"b\"");
  EXPECT_EQ(spec.sessions[0].steps[1].sql, "SELECT 1;");
  EXPECT_EQ(spec.sessions[1].name, "s2");
  ASSERT_EQ(spec.permutations.size(), 1u);
  const auto& steps = spec.permutations[0].steps;
  ASSERT_EQ(steps.size(), 3u);
  ASSERT_EQ(steps[1].blockers.size(), 1u);
  EXPECT_EQ(steps[1].blockers[0].kind, BlockerKind::kOnce);
  ASSERT_EQ(steps[2].blockers.size(), 2u);
  EXPECT_EQ(steps[2].blockers[0].kind, BlockerKind::kOtherStep);
  EXPECT_EQ(steps[2].blockers[1].kind, BlockerKind::kNotices);
  EXPECT_EQ(steps[2].blockers[1].notices, 2);
  EXPECT_TRUE(read.warnings.empty());
}

TEST(IsolationSpecReader, ASqlBlockEndsAtTheFirstClosingBraceAsIsolationtesterReadsIt) {
  EXPECT_EQ(error_of("session s\nstep a { SELECT '{\"k\": 1}'; }\n"),
            "x.spec:2:26: unexpected character ''' (expected setup, teardown, session, step, permutation, a name, "
            "a { sql } block, or one of , ( ) * in a permutation)");
  EXPECT_EQ(read_spec("session s\nstep a { SELECT '{'; }\n").spec.sessions[0].steps[0].sql, "SELECT '{';");
}

TEST(IsolationSpecReader, WarnsAboutStepsNoPermutationUsesInNameOrder) {
  const ReadSpec read = read_spec("session s\nstep z { }\nstep b { }\nstep a { }\npermutation a\n");
  EXPECT_EQ(read.warnings, (std::vector<std::string>{"unused step name: b", "unused step name: z"}));
}

TEST(IsolationSpecReader, MalformedSpecsAreRefusedWithTheirPositionAndWhatWouldBeValid) {
  EXPECT_EQ(error_of(""),
            "x.spec:1:1: unexpected the end of the file (expected setup, teardown or 'session' (a spec needs at "
            "least one session))");
  EXPECT_EQ(error_of("session s1\nstep a { SELECT 1; }\nsetup { }\n"),
            "x.spec:3:1: unexpected 'setup' (expected 'session', 'permutation' or the end of the file (setup and "
            "teardown blocks of the spec come before the first session; a session's own setup comes before its "
            "steps and its teardown after them))");
  EXPECT_EQ(error_of("session s1\n  step a SELECT 1;\n"),
            "x.spec:2:10: unexpected name SELECT (expected a { sql } block after step a)");
  EXPECT_EQ(error_of("session s1\nstep a { SELECT 1;\n"),
            "x.spec:2:8: unterminated sql block (a '}' closes it; the sql inside may not hold one)");
  EXPECT_EQ(error_of("session \"s1\n\"\n"),
            "x.spec:1:12: newline in a quoted name (close it with '\"' on the same line)");
  EXPECT_EQ(error_of("session s1\nstep a { }\n  permutation a;\n"),
            "x.spec:3:16: unexpected character ';' (expected setup, teardown, session, step, permutation, a "
            "name, a { sql } block, or one of , ( ) * in a permutation)");
  EXPECT_EQ(error_of("session s1\nstep a { }\nsession s2\nstep a { }\n"),
            "x.spec:4:6: duplicate step name a (first defined at 2:6; step names are unique across all sessions)");
  EXPECT_EQ(error_of("session s1\nstep a { }\npermutation a b\n"),
            "x.spec:3:15: undefined step b in permutation (a permutation names steps defined by the sessions)");
  EXPECT_EQ(error_of("session s1\nstep a { }\nstep b { }\npermutation a b(a)\n"),
            "x.spec:4:17: permutation step b cannot block on a of its own session (a blocker names a step of "
            "another session)");
  EXPECT_EQ(error_of("session s1\nstep a { }\nsession s2\nstep b { }\npermutation a b(c notices 1)\n"),
            "x.spec:5:17: undefined blocking step c referenced by b (a blocker names a step defined by another "
            "session)");
  EXPECT_EQ(error_of("session s1\nstep a { }\npermutation a(a notices)\n"),
            "x.spec:3:24: unexpected ')' (expected a number of notices after 'notices')");
  EXPECT_EQ(error_of("session s1\nstep a { }\npermutation a(*\n"),
            "x.spec:4:1: unexpected the end of the file (expected ',' or ')' after a blocker)");
  EXPECT_EQ(error_of("session step\n"),
            "x.spec:1:9: unexpected 'step' (expected a session name after 'session' (a name such as s1, or a "
            "\"quoted name\"; keywords need quotes))");
  EXPECT_EQ(error_of("session s1\nteardown { }\n"),
            "x.spec:2:1: unexpected 'teardown' (expected 'step' (session s1 needs at least one step: step name { "
            "sql }))");
}

TEST(IsolationSpecReader, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(error_of("session s\xc3\xa9\xc3\xa9 step a { } ;"),
            "x.spec:1:24: unexpected character ';' (expected setup, teardown, session, step, permutation, a "
            "name, a { sql } block, or one of , ( ) * in a permutation)");
}

TEST(IsolationPermutations, WithoutPermutationLinesEveryInterleavingInIsolationtestersOrder) {
  const ReadSpec read = read_spec("session s1\nstep a { }\nstep b { }\nsession s2\nstep c { }\n");
  EXPECT_EQ(permutation_names(read.spec), (std::vector<std::string>{"a b c", "a c b", "c a b"}));
  EXPECT_EQ(count_permutations(read.spec), 3u);
}

TEST(IsolationPermutations, CountsTheMultinomialOfTheSessionsSteps) {
  const ReadSpec read = read_spec(
      "session a\nstep a1 { }\nstep a2 { }\nstep a3 { }\n"
      "session b\nstep b1 { }\nstep b2 { }\nstep b3 { }\nstep b4 { }\n"
      "session c\nstep c1 { }\nstep c2 { }\n");
  EXPECT_EQ(count_permutations(read.spec), 1260u);  // 9! / (3! 4! 2!)
  EXPECT_EQ(permutation_names(read.spec).size(), 1260u);
}

TEST(IsolationPermutations, PermutationLinesRunInOrderWithTheirBlockersResolved) {
  const ReadSpec read =
      read_spec("session s1\nstep a { }\nsession s2\nstep b { }\npermutation b(a notices 3) a\npermutation a b\n");
  EXPECT_EQ(permutation_names(read.spec), (std::vector<std::string>{"b a", "a b"}));
  for_each_permutation(read.spec, [](const PlannedPermutation& permutation) {
    if (permutation[0].name != "b") return false;
    EXPECT_EQ(permutation[0].session, 1u);
    EXPECT_EQ(permutation[0].blockers.at(0).session, 0u);
    EXPECT_EQ(permutation[0].blockers.at(0).notices, 3);
    return false;
  });
}

}  // namespace
}  // namespace interleave::app::isolation
