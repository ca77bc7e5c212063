#include "harness/sigv4/amz_date.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::sigv4 {
namespace {

TEST(ParseAmzDate, ValidDates) {
  auto t = parse_amz_date("20130524T000000Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->time_since_epoch().count(), 1369353600);
  EXPECT_TRUE(parse_amz_date("20240229T235959Z").ok());  // leap day
}

TEST(ParseAmzDate, RejectsEverythingElseWithOneError) {
  for (const char* bad :
       {"", "20130524T000000", "20130524T000000z", "2013-05-24T00:00:00Z", "20130524 000000Z",
        "20230229T000000Z", "20131324T000000Z", "20130500T000000Z", "20130524T240000Z",
        "20130524T006000Z", "20130524T000060Z", "2013052AT000000Z", "+0130524T000000Z",
        "20130524T000000ZZ"}) {
    auto t = parse_amz_date(bad);
    EXPECT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error(), ParseError::bad_amz_date) << bad;
  }
}

TEST(ParseScopeDate, ValidAndInvalid) {
  EXPECT_TRUE(parse_scope_date("20150830").ok());
  EXPECT_EQ(parse_scope_date("2015083").error(), ParseError::bad_scope_date);
  EXPECT_EQ(parse_scope_date("20150230").error(), ParseError::bad_scope_date);
  EXPECT_EQ(parse_scope_date("2015-830").error(), ParseError::bad_scope_date);
}

TEST(FormatAmzDate, KnownValues) {
  EXPECT_EQ(format_amz_date(std::chrono::sys_seconds{std::chrono::seconds{1440938160}}),
            "20150830T123600Z");
  EXPECT_EQ(format_scope_date(std::chrono::sys_seconds{std::chrono::seconds{1440938160}}),
            "20150830");
  EXPECT_EQ(format_amz_date(std::chrono::sys_seconds{}), "19700101T000000Z");
}

RC_GTEST_PROP(AmzDateProperty, FormatThenParseIsIdentity, ()) {
  auto s = *rc::gen::inRange<std::int64_t>(-62167219200, 253402300800);  // years 0000..9999
  std::chrono::sys_seconds t{std::chrono::seconds{s}};
  auto back = parse_amz_date(format_amz_date(t));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == t);
}

RC_GTEST_PROP(AmzDateProperty, ParseThenFormatIsIdentityAndNeverThrows, (const std::string& text)) {
  auto t = parse_amz_date(text);
  if (t.ok()) RC_ASSERT(format_amz_date(*t) == text);
  auto d = parse_scope_date(text);
  if (d.ok()) RC_ASSERT(format_scope_date(std::chrono::sys_seconds{*d}) == text);
}

}  // namespace
}  // namespace scopecheck::sigv4
