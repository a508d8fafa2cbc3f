// Did-you-mean: the edit distance (a swap of neighbours counts once), the
// nearness rule, and equally near names offered together.

#include "harness/nearest_name.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(NearestName, EditDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("hunt", "hunt"), 0u);
  EXPECT_EQ(edit_distance("--schedule", "--schedules"), 1u);
  EXPECT_EQ(edit_distance("fixd", "fixed"), 1u);
  EXPECT_EQ(edit_distance("hnut", "hunt"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

TEST(NearestName, OffersTheNearestWhenItIsNearEnough) {
  EXPECT_EQ(did_you_mean("--schedule", {"--seed", "--schedules", "--out"}), "; did you mean '--schedules'?");
  EXPECT_EQ(did_you_mean("tenat", {"tenant"}), "; did you mean 'tenant'?");
  EXPECT_EQ(did_you_mean("explor", {"list", "explore"}), "; did you mean 'explore'?");  // a prefix
  EXPECT_EQ(did_you_mean("active", {"ready", "provisioning", "failed"}), "");
  EXPECT_EQ(did_you_mean("x", {"y"}), "; did you mean 'y'?");  // one letter may always differ
  EXPECT_EQ(did_you_mean("frobnicate", {"--json", "--scenarios"}), "");
}

TEST(NearestName, EquallyNearNamesAreOfferedTogetherOrNotAtAll) {
  EXPECT_EQ(did_you_mean("remove_tenant", {"create_tenant", "get_products", "delete_tenant"}),
            "; did you mean 'create_tenant' or 'delete_tenant'?");
  EXPECT_EQ(did_you_mean("ab", {"ax", "ay", "az"}), "");
}

TEST(NearestName, ListsNamesCommaSeparated) {
  EXPECT_EQ(name_list({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(name_list({}), "");
}

}  // namespace
}  // namespace interleave
