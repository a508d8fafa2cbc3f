// A step's sql cut into the statements the server would run one by one.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/isolation/statement_split.h"

namespace interleave::app::isolation {
namespace {

using Statements = std::vector<std::string>;

TEST(IsolationStatementSplit, CutsAtSemicolonsOutsideQuotesAndComments) {
  EXPECT_EQ(split_statements("BEGIN; UPDATE t SET n = 1;"), (Statements{"BEGIN", " UPDATE t SET n = 1"}));
  EXPECT_EQ(split_statements("SELECT 1"), (Statements{"SELECT 1"}));
  EXPECT_EQ(split_statements("SELECT ';' AS a; SELECT \"x;y\" FROM t"),
            (Statements{"SELECT ';' AS a", " SELECT \"x;y\" FROM t"}));
  EXPECT_EQ(split_statements("SELECT 'it''s;'; SELECT E'\\';'"), (Statements{"SELECT 'it''s;'", " SELECT E'\\';'"}));
  EXPECT_EQ(split_statements("SELECT $$a;b$$; SELECT $q$;$q$"), (Statements{"SELECT $$a;b$$", " SELECT $q$;$q$"}));
  EXPECT_EQ(split_statements("SELECT 1 -- no; cut\n; SELECT /* a; /* b; */ c; */ 2"),
            (Statements{"SELECT 1 -- no; cut\n", " SELECT /* a; /* b; */ c; */ 2"}));
}

TEST(IsolationStatementSplit, DropsEmptyStatementsButKeepsWhatTheServerWouldRefuse) {
  EXPECT_EQ(split_statements(" ; ;\n-- only a comment\n"), Statements{});
  EXPECT_EQ(split_statements("SELEC 1; garbage here"), (Statements{"SELEC 1", " garbage here"}));
  EXPECT_EQ(split_statements("SELECT 'unterminated; x"), (Statements{"SELECT 'unterminated; x"}));
}

}  // namespace
}  // namespace interleave::app::isolation
