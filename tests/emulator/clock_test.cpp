// clock.h: RFC 3339 parsing is total and round-trips; the test clock moves only when told.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "emulator/clock.h"

namespace scopecheck::emulator {
namespace {

TEST(Rfc3339, ParsesUtcOffsetsAndFractionsAndRejectsTheRest) {
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-01-02T03:04:05Z")), "2026-01-02T03:04:05Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-01-02T03:04:05.999Z")), "2026-01-02T03:04:05Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-01-02T05:04:05+02:00")), "2026-01-02T03:04:05Z");
  for (const char* bad : {"", "2026-01-02", "2026-13-02T03:04:05Z", "2026-02-30T03:04:05Z", "2026-01-02T03:04:05",
                          "2026-01-02T03:04:05Zjunk", "2026-01-02T24:00:00Z", "tomorrow"})
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(Rfc3339, HttpAndIsoFormats) {
  auto t = *parse_rfc3339("2026-11-29T04:05:06Z");
  EXPECT_EQ(format_http_date(t), "Sun, 29 Nov 2026 04:05:06 GMT");
  EXPECT_EQ(format_iso8601_ms(t), "2026-11-29T04:05:06.000Z");
}

RC_GTEST_PROP(Rfc3339, FormatThenParseIsIdentity, (uint32_t seconds)) {
  TimePoint t{std::chrono::seconds{seconds}};
  RC_ASSERT(parse_rfc3339(format_rfc3339(t)) == t);
}

RC_GTEST_PROP(Rfc3339, AnyTextGivesAValueOrNothing, (const std::string& text)) {
  auto t = parse_rfc3339(text);
  if (t) RC_ASSERT(parse_rfc3339(format_rfc3339(*t)) == t);
}

TEST(TestClock, MovesOnlyWhenTold) {
  TestClock c(*parse_rfc3339("2026-01-01T00:00:00Z"));
  EXPECT_EQ(format_rfc3339(c.now()), "2026-01-01T00:00:00Z");
  c.advance(std::chrono::seconds(61));
  EXPECT_EQ(format_rfc3339(c.now()), "2026-01-01T00:01:01Z");
  c.set(*parse_rfc3339("2030-01-01T00:00:00Z"));
  EXPECT_EQ(format_rfc3339(c.now()), "2030-01-01T00:00:00Z");
}

}  // namespace
}  // namespace scopecheck::emulator
