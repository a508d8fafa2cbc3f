// SQL the model cannot run is refused with 0A000 naming the construct and
// its position, never misread; text PostgreSQL cannot parse is 42601.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "model/db/database.h"
#include "model/db/sql/sql_expression.h"
#include "model/db/sql/sql_reader.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

using model::db::Database;
using sql_test::outcome;
using sql_test::run_actors;

std::string refused(const std::string& construct, int character) {
  return "ERROR 0A000: SQL feature not supported by the model: " + construct + " at character " +
         std::to_string(character);
}

TEST(SqlUnsupported, EachConstructIsNamedWithItsPosition) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"WITH x AS (SELECT 1) SELECT * FROM x", refused("WITH (CTE)", 1)},
      {"SELECT count(*) OVER () FROM t", refused("window function", 8)},
      {"SELECT * FROM t WHERE n IN (SELECT 1)", refused("subquery", 25)},
      {"SELECT 1 UNION SELECT 2", refused("UNION", 1)},
      {"ALTER TABLE t ADD COLUMN x int", refused("ALTER TABLE", 1)},
      {"CREATE INDEX i ON t (n)", refused("CREATE INDEX", 1)},
      {"BEGIN ISOLATION LEVEL REPEATABLE READ", refused("isolation level REPEATABLE READ", 7)},
      {"START TRANSACTION ISOLATION LEVEL SERIALIZABLE", refused("isolation level SERIALIZABLE", 19)},
      {"COPY t FROM STDIN", refused("COPY", 1)},
      {"SELECT lower('A')", refused("function lower()", 8)},
      {"SELECT DISTINCT n FROM t", refused("DISTINCT", 1)},
      {"SELECT n FROM t GROUP BY n", refused("GROUP BY", 1)},
      {"SELECT * FROM t OFFSET 1", refused("OFFSET", 24)},
      {"SELECT n::text FROM t", refused("type cast", 9)},
      {"CREATE TABLE u (n numeric)", refused("column type numeric", 19)},
      {"SET work_mem = '1MB'", refused("SET work_mem", 1)},
      {"INSERT INTO t SELECT 1", refused("INSERT ... SELECT", 1)},
      {"UPDATE t SET n = 1 FROM t u", refused("UPDATE ... FROM", 1)},
      {"SELECT CASE WHEN true THEN 1 END", refused("CASE", 8)},
      {"TRUNCATE t", refused("TRUNCATE", 1)},
      {"SELECT * FROM t FOR UPDATE OF t", refused("FOR UPDATE OF", 1)},
      {"LOCK TABLE t IN SHARE MODE", refused("lock mode SHARE", 1)},
      {"SELECT * FROM a, b", refused("more than one table in FROM", 18)},
      {"CREATE TABLE u (n int CHECK (n > 0))", refused("CHECK", 23)},
      {"SELECT 1; SELECT 'é' || 'x'", refused("operator ||", 22)},
  };
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 for (const auto& [sql, expected] : cases) EXPECT_EQ(outcome(*session, sql), expected) << sql;
               }}});
}

TEST(SqlUnsupported, RefusalAbortsAnOpenTransactionAsAnyError) {
  std::vector<std::string> seen;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 seen.push_back(outcome(*session, "BEGIN"));
                 seen.push_back(outcome(*session, "TRUNCATE t"));
                 seen.push_back(outcome(*session, "SELECT 1"));
                 seen.push_back(outcome(*session, "ROLLBACK"));
                 seen.push_back(outcome(*session, "SELECT 1"));
               }}});
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "BEGIN", refused("TRUNCATE", 1),
                      "ERROR 25P02: current transaction is aborted, commands ignored until end of transaction block",
                      "ROLLBACK", "SELECT 1 (?column?:bigint) [1]"}));
}

TEST(SqlUnsupported, BytesThatAreNotUtf8AreRefusedAsTheServerDoes) {
  std::vector<std::string> seen;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 seen.push_back(outcome(*session, "SELECT 'a\xff'"));
                 seen.push_back(outcome(*session, "SELECT 'a\xe2\x82'"));
                 seen.push_back(outcome(*session, "SELECT '\xe2\x82\xac'"));
               }}});
  EXPECT_EQ(seen, (std::vector<std::string>{"ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xff",
                                            "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xe2 0x82 0x27",
                                            "SELECT 1 (?column?:text) ['\xe2\x82\xac']"}));
}

// "SELECT 1 + 1 + ... + 1" with `levels` levels of expression below the target.
std::string sum_of_ones(int levels) {
  std::string sql = "SELECT 1";
  for (int level = 1; level < levels; ++level) sql += " + 1";
  return sql;
}

TEST(SqlUnsupported, ExpressionsDeeperThanTheBoundAreRefusedAndTheBoundRunsOnAFiber) {
  constexpr int kBound = model::db::sql::kMaxExpressionDepth;
  std::vector<std::string> seen;
  run_actors({{"a", [&](Execution&, Database& db) {
                 auto session = db.connect();
                 seen.push_back(outcome(*session, sum_of_ones(kBound)));
                 seen.push_back(outcome(*session, sum_of_ones(kBound + 1)));
                 // The sql fuzzer's input: deep enough to overflow any stack when mapped by recursion.
                 seen.push_back(outcome(*session, sum_of_ones(15000)));
               }}});
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "SELECT 1 (?column?:bigint) [" + std::to_string(kBound) + "]");
  const std::string too_deep = "an expression nested deeper than " + std::to_string(kBound) + " levels";
  EXPECT_EQ(seen[1], refused(too_deep, 8));  // the first "1", the deepest node
  // The node found too deep is the "+" with 100 levels above it: the 14899th of 14999.
  EXPECT_EQ(seen[2], refused(too_deep, 4 * 14899 + 6));
}

TEST(SqlUnsupported, ReaderCachesErrorsAndScriptsAlike) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_THROW(model::db::sql::read_sql("SELEC 1"), model::db::DbError);
    EXPECT_EQ(model::db::sql::read_sql("BEGIN; COMMIT;").statements.size(), 2u);
  }
  EXPECT_EQ(model::db::sql::read_sql("").statements.size(), 0u);
  EXPECT_EQ(model::db::sql::read_sql(" ; ; ").statements.size(), 0u);
}

}  // namespace
}  // namespace interleave
