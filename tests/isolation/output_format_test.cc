// isolationtester's output format: PQprint's aligned result sets, values
// as PostgreSQL's output functions write them, and the unified diff the
// command prints against an expected file.

#include <gtest/gtest.h>

#include "app/isolation/result_table.h"
#include "app/isolation/unified_diff.h"
#include "app/isolation/value_text.h"

namespace interleave::app::isolation {
namespace {

using model::db::ColumnType;
using model::db::Value;

TEST(IsolationResultTable, NumericColumnsAlignRightTextLeftNullAsPadding) {
  // As isolationtester printed SELECT * for these rows on PostgreSQL 15.
  const TextTable table{{"id", "v", "b", "n"},
                        {{"1", "one", "t", std::nullopt}, {"22", "two two", "f", "-5"}}};
  EXPECT_EQ(print_table(table),
            "id|v      |b| n\n"
            "--+-------+-+--\n"
            " 1|one    |t|  \n"
            "22|two two|f|-5\n"
            "(2 rows)\n"
            "\n");
}

TEST(IsolationResultTable, OneRowNoRowsAndAVoidValue) {
  EXPECT_EQ(print_table({{"pg_advisory_lock"}, {{""}}}),
            "pg_advisory_lock\n"
            "----------------\n"
            "                \n"
            "(1 row)\n"
            "\n");
  EXPECT_EQ(print_table({{"x"}, {}}), "x\n-\n(0 rows)\n\n");
  EXPECT_EQ(print_table({{}, {}}), "");
}

TEST(IsolationResultTable, WhatCountsAsNumeric) {
  // A value must end in a digit and not start with e/E; '.', '-', 'e' and
  // spaces may appear inside.
  EXPECT_EQ(print_table({{"a", "b", "c", "d"}, {{"1.5e-3", "e1", "12-", "1 2"}}}),
            "     a|b |c  |  d\n"
            "------+--+---+---\n"
            "1.5e-3|e1|12-|1 2\n"
            "(1 row)\n"
            "\n");
}

TEST(IsolationValueText, BooleansNumbersTextNullAndJsonbAsPostgresPrintsThem) {
  EXPECT_EQ(value_text(Value{std::int64_t{1}}, ColumnType::kBoolean), "t");
  EXPECT_EQ(value_text(Value{std::int64_t{0}}, ColumnType::kBoolean), "f");
  EXPECT_EQ(value_text(Value{std::int64_t{-42}}, ColumnType::kBigInt), "-42");
  EXPECT_EQ(value_text(Value{std::string("a b")}, ColumnType::kText), "a b");
  EXPECT_EQ(value_text(Value{}, ColumnType::kText), std::nullopt);
  // jsonb: keys shortest first, then bytewise; ", " and ": " between items.
  EXPECT_EQ(value_text(Value{std::string(R"({"bb":[1,true,null],"a":"x\ny","ab":{}})")}, ColumnType::kJson),
            R"({"a": "x\ny", "ab": {}, "bb": [1, true, null]})");
}

TEST(IsolationUnifiedDiff, EqualTextsHaveNoDiff) { EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), ""); }

TEST(IsolationUnifiedDiff, ChangedLinesWithThreeLinesOfContext) {
  const std::string expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string actual = "1\n2\n3\n4\nfive\n6\n7\n8\n9\nten\n";
  EXPECT_EQ(unified_diff(expected, actual, "expected.out", "model"),
            "--- expected.out\n"
            "+++ model\n"
            "@@ -2,8 +2,9 @@\n"
            " 2\n"
            " 3\n"
            " 4\n"
            "-5\n"
            "+five\n"
            " 6\n"
            " 7\n"
            " 8\n"
            " 9\n"
            "+ten\n");
}

TEST(IsolationUnifiedDiff, DistantChangesMakeSeparateHunks) {
  const std::string expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
  const std::string actual = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\n";
  EXPECT_EQ(unified_diff(expected, actual, "e", "m"),
            "--- e\n+++ m\n"
            "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n"
            "@@ -9,4 +9,4 @@\n i\n j\n k\n-l\n+L\n");
}

}  // namespace
}  // namespace interleave::app::isolation
