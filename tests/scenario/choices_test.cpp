// Choice sources (harness/scenario/choices.h): the differential fuzzer's bytes drive the same
// generators RapidCheck drives.
#include "harness/scenario/choices.h"

#include <gtest/gtest.h>

#include "harness/scenario/case_file.h"
#include "harness/scenario/generators.h"

namespace scopecheck::scenario {
namespace {

TEST(ByteChoices, RunningOutOfBytesGivesTheLowEnd) {
  ByteChoices c(nullptr, 0);
  EXPECT_EQ(c.in_range(3, 9), 3);
  EXPECT_EQ(c.uniform(5), 0u);
  EXPECT_EQ(c.weighted({0, 4, 1}), 1u) << "a zero weight is never chosen";
}

TEST(ByteChoices, ValuesStayInRangeAndComeFromTheBytes) {
  const uint8_t data[] = {0xff, 0x10, 0x07};
  ByteChoices c(data, sizeof data);
  EXPECT_EQ(c.in_range(0, 10), 7);   // the last byte first
  EXPECT_EQ(c.in_range(5, 8), 5 + 0x10 % 3);
  const int64_t v = c.in_range(-2, 2);
  EXPECT_GE(v, -2);
  EXPECT_LT(v, 2);
}

TEST(ByteChoices, TheSameBytesMakeTheSameScenario) {
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 400; ++i) bytes.push_back(static_cast<uint8_t>((i * 37 + 11) & 0xff));
  GenOptions g;
  ByteChoices a(bytes.data(), bytes.size()), b(bytes.data(), bytes.size());
  const auto s = make_scenario(a, g);
  const auto t = make_scenario(b, g);
  EXPECT_EQ(case_id(s), case_id(t));
  EXPECT_FALSE(s.steps.empty());
  EXPECT_FALSE(s.world.tokens.empty());
  EXPECT_FALSE(s.world.buckets.empty());
}

TEST(ByteChoices, EveryInputMakesAScenarioTheExecutorCanRun) {
  GenOptions g;
  for (size_t n = 0; n < 64; ++n) {
    std::vector<uint8_t> bytes(n, static_cast<uint8_t>(n * 13));
    ByteChoices c(bytes.data(), bytes.size());
    const auto s = make_scenario(c, g);
    ASSERT_FALSE(s.world.accounts.empty());
    ASSERT_FALSE(s.world.tokens.empty());
    for (const auto& step : s.steps)
      if (const auto* s3 = std::get_if<S3Step>(&step)) EXPECT_TRUE(defect_applies(s3->defect, s3->auth));
  }
}

}  // namespace
}  // namespace scopecheck::scenario
