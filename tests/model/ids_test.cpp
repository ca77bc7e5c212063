#include "harness/model/ids.h"

#include <gtest/gtest.h>

namespace scopecheck::model {
namespace {

TEST(Ids, BucketNames) {
  for (const char* ok : {"abc", "logs", "my-eu-bucket", "a1-2b", "000"}) EXPECT_TRUE(is_valid_bucket_name(ok)) << ok;
  for (const char* bad : {"ab", "", "-abc", "abc-", "ab_c", "Abc", "ab.c", "ab c", "abc%2d"}) {
    EXPECT_FALSE(is_valid_bucket_name(bad)) << bad;
  }
  EXPECT_TRUE(is_valid_bucket_name(std::string(63, 'a')));
  EXPECT_FALSE(is_valid_bucket_name(std::string(64, 'a')));
}

TEST(Ids, Hex32AndJurisdictions) {
  EXPECT_TRUE(is_hex32("4793d734c0b8e484dfc37ec392b5fa8a"));
  EXPECT_FALSE(is_hex32("4793D734C0B8E484DFC37EC392B5FA8A"));
  EXPECT_FALSE(is_hex32("4793d734c0b8e484dfc37ec392b5fa8"));
  EXPECT_FALSE(is_hex32("4793d734c0b8e484dfc37ec392b5fa8g"));
  for (Jurisdiction j : {Jurisdiction::kDefault, Jurisdiction::kEu, Jurisdiction::kFedramp}) {
    EXPECT_EQ(parse_jurisdiction(to_string(j)), j);
  }
  EXPECT_FALSE(parse_jurisdiction("EU"));
  EXPECT_FALSE(parse_jurisdiction(""));
}

}  // namespace
}  // namespace scopecheck::model
