#include "harness/sigv4/presign_query.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>

#include "harness/sigv4/amz_date.h"

namespace scopecheck::sigv4 {
namespace {

const std::string kDocQuery =
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%"
    "2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

TEST(ParsePresignQuery, TheDocumentedUrl) {
  auto q = parse_presign_query(kDocQuery);
  ASSERT_TRUE(q.ok()) << parse_error_message(q.error());
  EXPECT_EQ(q->credential.access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(q->credential.region, "us-east-1");
  EXPECT_EQ(format_amz_date(q->date), "20130524T000000Z");
  EXPECT_EQ(q->expires, 86400);
  EXPECT_EQ(q->signed_headers, std::vector<std::string>{"host"});
  EXPECT_FALSE(q->security_token);
  EXPECT_EQ(to_string(*q), kDocQuery);
  EXPECT_TRUE(has_presign_parameters(kDocQuery));
  EXPECT_FALSE(has_presign_parameters("prefix=a&Signature=x"));
}

TEST(ParsePresignQuery, OtherParametersAreIgnoredAndTokenAndHashKept) {
  auto q = parse_presign_query("versionId=1&" + kDocQuery +
                               "&X-Amz-Security-Token=a%2Bb&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->security_token, "a+b");
  EXPECT_EQ(q->content_sha256, "UNSIGNED-PAYLOAD");
}

TEST(ParsePresignQuery, ExpiresKeepsOutOfRangeIntegersForTheVerifier) {
  auto with_expires = [](std::string v) {
    std::string s = kDocQuery;
    s.replace(s.find("86400"), 5, v);
    return parse_presign_query(s);
  };
  EXPECT_EQ(with_expires("0")->expires, 0);
  EXPECT_EQ(with_expires("-7")->expires, -7);
  EXPECT_EQ(with_expires("604801")->expires, 604801);
  EXPECT_EQ(with_expires("99999999999999999999999")->expires,
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(with_expires("12a").error(), ParseError::bad_expires);
  EXPECT_EQ(with_expires("").error(), ParseError::bad_expires);
}

TEST(ParsePresignQuery, TypedErrors) {
  auto err = [](std::string s) { return parse_presign_query(s).error(); };
  EXPECT_EQ(err(""), ParseError::missing_field);
  EXPECT_EQ(err(kDocQuery + "&X-Amz-Date=20130524T000000Z"), ParseError::duplicate_field);
  EXPECT_EQ(err(kDocQuery + "&a=%zz"), ParseError::bad_percent_encoding);
  std::string s = kDocQuery;
  EXPECT_EQ(err(std::string(s).replace(s.find("AWS4-HMAC-SHA256"), 16, "AWS4-HMAC-SHA1")),
            ParseError::unsupported_algorithm);
  EXPECT_EQ(err(std::string(s).replace(s.find("20130524T"), 16, "2013-05-24")),
            ParseError::bad_amz_date);
  EXPECT_EQ(err(std::string(s).replace(s.find("%2Faws4_request"), 15, "")),
            ParseError::bad_credential);
  EXPECT_EQ(err(std::string(s).replace(s.find("SignedHeaders=host"), 18, "SignedHeaders=")),
            ParseError::bad_signed_headers);
}

RC_GTEST_PROP(PresignQueryProperty, ParseSerializeParseIsStable, ()) {
  auto text = *rc::gen::oneOf(rc::gen::exec([] {
                                std::string t = kDocQuery;
                                auto pos = *rc::gen::inRange<std::size_t>(0, t.size());
                                if (*rc::gen::arbitrary<bool>())
                                  t.erase(pos, 1);
                                else
                                  t.insert(pos, 1, *rc::gen::elementOf(std::string("&=%2F-0aZ")));
                                return t;
                              }),
                              rc::gen::arbitrary<std::string>());
  auto q = parse_presign_query(text);
  RC_CLASSIFY(q.ok(), "parsed");
  if (!q.ok()) return;
  auto again = parse_presign_query(to_string(*q));
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *q);
}

}  // namespace
}  // namespace scopecheck::sigv4
