#include "harness/model/timestamp.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::model {
namespace {

TEST(Timestamp, ParsesRfc3339) {
  EXPECT_EQ(*parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*parse_rfc3339("2026-11-29T03:00:00Z"), 1795921200);
  EXPECT_EQ(*parse_rfc3339("2026-11-29T03:00:00.999Z"), 1795921200);
  EXPECT_EQ(*parse_rfc3339("2026-11-29T04:00:00+01:00"), 1795921200);
  EXPECT_EQ(*parse_rfc3339("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_EQ(parse_rfc3339("2026-11-29 03:00:00Z").error(), TimestampError::kSyntax);
  EXPECT_EQ(parse_rfc3339("2026-11-29T03:00:00").error(), TimestampError::kSyntax);
  EXPECT_EQ(parse_rfc3339("").error(), TimestampError::kSyntax);
  EXPECT_EQ(parse_rfc3339("2026-13-01T00:00:00Z").error(), TimestampError::kRange);
  EXPECT_EQ(parse_rfc3339("2025-02-29T00:00:00Z").error(), TimestampError::kRange);
  EXPECT_EQ(*parse_amz_date("20261129T030000Z"), 1795921200);
  EXPECT_FALSE(parse_amz_date("2026-11-29T03:00:00Z").ok());
}

TEST(Timestamp, ErrorMessagesAreStable) {
  EXPECT_EQ(message(TimestampError::kSyntax), "must be an RFC 3339 timestamp like 2026-01-02T03:04:05Z");
  EXPECT_EQ(message(TimestampError::kRange), "timestamp field out of range");
}

RC_GTEST_PROP(Timestamp, FormatThenParseIsIdentity, ()) {
  const Timestamp t = *rc::gen::inRange<Timestamp>(0, 253402300799);
  RC_ASSERT(*parse_rfc3339(format_rfc3339(t)) == t);
  RC_ASSERT(*parse_amz_date(format_amz_date(t)) == t);
}

}  // namespace
}  // namespace scopecheck::model
