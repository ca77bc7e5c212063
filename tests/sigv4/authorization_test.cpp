#include "harness/sigv4/authorization.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::sigv4 {
namespace {

const char* kDocHeader =
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
    "SignedHeaders=host;range;x-amz-date, "
    "Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

TEST(ParseAuthorizationHeader, TheDocumentedForm) {
  auto a = parse_authorization_header(kDocHeader);
  ASSERT_TRUE(a.ok()) << parse_error_message(a.error());
  EXPECT_EQ(a->algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(a->credential, (CredentialScope{"AKIAIOSFODNN7EXAMPLE", "20130524", "us-east-1", "s3",
                                            "aws4_request"}));
  EXPECT_EQ(a->signed_headers, (std::vector<std::string>{"host", "range", "x-amz-date"}));
  EXPECT_EQ(a->signature, "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024");
  EXPECT_EQ(to_string(*a), kDocHeader);
}

TEST(ParseAuthorizationHeader, CommasWithOrWithoutSpacesAndAnyOrder) {
  auto tight = parse_authorization_header(
      "AWS4-HMAC-SHA256 "
      "Credential=AK/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=ab");
  auto shuffled = parse_authorization_header(
      "AWS4-HMAC-SHA256 Signature=ab , SignedHeaders=host "
      ",Credential=AK/20130524/us-east-1/s3/aws4_request");
  ASSERT_TRUE(tight.ok());
  ASSERT_TRUE(shuffled.ok());
  EXPECT_EQ(*tight, *shuffled);
}

TEST(ParseAuthorizationHeader, EmptyRegionIsAllowed) {
  auto a = parse_authorization_header(
      "AWS4-HMAC-SHA256 Credential=AK/20130524//s3/aws4_request, SignedHeaders=host, Signature=ab");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->credential.region, "");
}

TEST(ParseAuthorizationHeader, TypedErrors) {
  auto err = [](std::string_view s) { return parse_authorization_header(s).error(); };
  const std::string ok_cred = "Credential=AK/20130524/auto/s3/aws4_request";
  EXPECT_EQ(err(""), ParseError::empty_input);
  EXPECT_EQ(err("AWS AK:sig"), ParseError::unsupported_algorithm);
  EXPECT_EQ(err("AWS4-HMAC-SHA256"), ParseError::missing_field);
  EXPECT_EQ(err("AWS4-HMAC-SHA256 " + ok_cred + ", SignedHeaders=host"), ParseError::missing_field);
  EXPECT_EQ(
      err("AWS4-HMAC-SHA256 " + ok_cred + ", " + ok_cred + ", SignedHeaders=host, Signature=a"),
      ParseError::duplicate_field);
  EXPECT_EQ(err("AWS4-HMAC-SHA256 " + ok_cred + ", SignedHeaders=host, Signature=a, Extra=1"),
            ParseError::unknown_field);
  EXPECT_EQ(err("AWS4-HMAC-SHA256 " + ok_cred + ", SignedHeaders=, Signature=a"),
            ParseError::bad_field_syntax);
  EXPECT_EQ(err("AWS4-HMAC-SHA256 " + ok_cred + ", SignedHeaders=host;;x, Signature=a"),
            ParseError::bad_signed_headers);
  EXPECT_EQ(err("AWS4-HMAC-SHA256 Credential=AK/20130524/auto/s3, SignedHeaders=host, Signature=a"),
            ParseError::bad_credential);
  EXPECT_EQ(err("AWS4-HMAC-SHA256 Credential=AK/2013-05-24/auto/s3/aws4_request, "
                "SignedHeaders=host, Signature=a"),
            ParseError::bad_scope_date);
}

TEST(ParseCredentialScope, Shapes) {
  auto c = parse_credential_scope("AK/20150830/us-east-1/service/aws4_request");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(scope_string(*c), "20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(to_string(*c), "AK/20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(parse_credential_scope("").error(), ParseError::empty_input);
  EXPECT_EQ(parse_credential_scope("/20150830/r/s/aws4_request").error(),
            ParseError::bad_credential);
  EXPECT_EQ(parse_credential_scope("AK/20150830/r/s/aws4_request/x").error(),
            ParseError::bad_credential);
  EXPECT_EQ(parse_credential_scope("AK/20150830/r//aws4_request").error(),
            ParseError::bad_credential);
  EXPECT_EQ(parse_credential_scope("AK/20151330/r/s/aws4_request").error(),
            ParseError::bad_scope_date);
}

// Structured inputs: a valid header, then mangled by deletion/insertion of bytes.
rc::Gen<std::string> gen_header_text() {
  return rc::gen::exec([] {
    std::string text = kDocHeader;
    auto edits = *rc::gen::inRange(0, 4);
    for (int i = 0; i < edits && !text.empty(); ++i) {
      auto pos = *rc::gen::inRange<std::size_t>(0, text.size());
      if (*rc::gen::arbitrary<bool>())
        text.erase(pos, 1);
      else
        text.insert(pos, 1, *rc::gen::elementOf(std::string(" ,=/;aA\t")));
    }
    return text;
  });
}

RC_GTEST_PROP(AuthorizationProperty, ParseSerializeParseIsStable, ()) {
  auto text = *rc::gen::oneOf(gen_header_text(), rc::gen::arbitrary<std::string>());
  auto a = parse_authorization_header(text);
  RC_CLASSIFY(a.ok(), "parsed");
  if (!a.ok()) return;
  auto again = parse_authorization_header(to_string(*a));
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *a);
  RC_ASSERT(to_string(*again) == to_string(*a));
}

RC_GTEST_PROP(AuthorizationProperty, CredentialScopeRoundTrips, (const std::string& text)) {
  auto c = parse_credential_scope(text);
  if (!c.ok()) return;
  RC_ASSERT(to_string(*c) == text);
  RC_ASSERT(*parse_credential_scope(to_string(*c)) == *c);
}

}  // namespace
}  // namespace scopecheck::sigv4
