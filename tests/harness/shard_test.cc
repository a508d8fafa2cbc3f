// The shard split: "I/N" parses strictly, and the N shards own every key
// exactly once. (The suite is named Shard so that GtestSharding can run it
// alone with --gtest_filter='Shard.*'.)

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "harness/shard.h"

namespace interleave {
namespace {

using testing::HasSubstr;

std::string parse_error(const std::string& text) {
  try {
    parse_shard(text);
  } catch (const ShardError& error) {
    return error.what();
  }
  return "parsed";
}

TEST(Shard, ParsesIndexAndCount) {
  EXPECT_EQ(parse_shard("0/1"), (Shard{0, 1}));
  EXPECT_EQ(parse_shard("2/3"), (Shard{2, 3}));
  EXPECT_EQ(parse_shard("4294967294/4294967295"), (Shard{4294967294u, 4294967295u}));
}

TEST(Shard, TextRoundTrips) {
  for (const char* text : {"0/1", "1/3", "6/7", "999/1000"}) EXPECT_EQ(to_string(parse_shard(text)), text);
}

TEST(Shard, DefaultIsTheWholeSpace) {
  Shard whole;
  EXPECT_EQ(to_string(whole), "0/1");
  for (std::uint64_t key : {0ull, 1ull, 17ull, ~0ull}) EXPECT_TRUE(whole.owns(key));
}

TEST(Shard, RejectsAnIndexNotBelowTheCount) {
  EXPECT_EQ(parse_error("3/2"), "index must be below the count");
  EXPECT_EQ(parse_error("2/2"), "index must be below the count");
}

TEST(Shard, RejectsAZeroCount) { EXPECT_EQ(parse_error("0/0"), "the count must be at least 1"); }

TEST(Shard, RejectsTextThatIsNotIndexSlashCount) {
  EXPECT_THAT(parse_error("3"), HasSubstr("expected I/N"));
  EXPECT_THAT(parse_error(""), HasSubstr("expected I/N"));
  EXPECT_THAT(parse_error("/3"), HasSubstr("the index '' is not a number"));
  EXPECT_THAT(parse_error("1/"), HasSubstr("the count '' is not a number"));
  EXPECT_THAT(parse_error("-1/3"), HasSubstr("the index '-1' is not a number"));
  EXPECT_THAT(parse_error("a/3"), HasSubstr("the index 'a' is not a number"));
  EXPECT_THAT(parse_error("1/3x"), HasSubstr("the count '3x' is not a number"));
  EXPECT_THAT(parse_error(" 1/3"), HasSubstr("is not a number"));
  EXPECT_THAT(parse_error("1/2/3"), HasSubstr("the count '2/3' is not a number"));
}

TEST(Shard, RejectsNumbersBeyondThirtyTwoBits) {
  EXPECT_THAT(parse_error("0/4294967296"), HasSubstr("the count '4294967296' is too large"));
  EXPECT_THAT(parse_error("0/99999999999999999999999"), HasSubstr("too large"));
}

TEST(Shard, ShardsPartitionTheKeysExactlyOnce) {
  constexpr std::uint64_t kKeys = 1000;
  for (std::uint32_t count = 1; count <= 7; ++count) {
    std::vector<int> owners(kKeys, 0);
    for (std::uint32_t index = 0; index < count; ++index) {
      Shard shard{index, count};
      std::uint64_t owned = 0;
      for (std::uint64_t key = 0; key < kKeys; ++key) {
        if (!shard.owns(key)) continue;
        ++owners[key];
        ++owned;
      }
      EXPECT_EQ(owned, shard.owned_below(kKeys)) << to_string(shard);
      EXPECT_GE(owned, kKeys / count) << to_string(shard);  // balanced: N shards differ by at most one key
      EXPECT_LE(owned, kKeys / count + 1) << to_string(shard);
    }
    for (std::uint64_t key = 0; key < kKeys; ++key) {
      ASSERT_EQ(owners[key], 1) << "key " << key << " with " << count << " shards";
    }
  }
}

TEST(Shard, OwnedBelowCountsAPrefix) {
  Shard second_of_three{1, 3};
  EXPECT_EQ(second_of_three.owned_below(0), 0u);
  EXPECT_EQ(second_of_three.owned_below(1), 0u);  // keys 0
  EXPECT_EQ(second_of_three.owned_below(2), 1u);  // keys 0, 1
  EXPECT_EQ(second_of_three.owned_below(3000), 1000u);
  EXPECT_EQ(second_of_three.owned_below(3002), 1001u);
}

}  // namespace
}  // namespace interleave
