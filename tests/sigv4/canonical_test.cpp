#include "harness/sigv4/canonical.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/sigv4/uri_encode.h"

namespace scopecheck::sigv4 {
namespace {

TEST(CanonicalUri, S3DecodesThenEncodesOnceAndNeverNormalizes) {
  EXPECT_EQ(canonical_uri("", Mode::s3), "/");
  EXPECT_EQ(canonical_uri("//example//", Mode::s3), "//example//");
  EXPECT_EQ(canonical_uri("/./a/../b", Mode::s3), "/./a/../b");
  EXPECT_EQ(canonical_uri("/a+b", Mode::s3), "/a%2Bb");                // a literal plus is a plus
  EXPECT_EQ(canonical_uri("/%7Etilde", Mode::s3), "/~tilde");          // ~ is unreserved
  EXPECT_EQ(canonical_uri("/%3Fa=b%20c", Mode::s3), "/%3Fa%3Db%20c");  // aws-sdk-js#853
  EXPECT_EQ(canonical_uri("/100%", Mode::s3), "/100%25");              // a stray % is a byte
  EXPECT_EQ(canonical_uri("/a%2fb", Mode::s3), "/a/b");  // the recorded [conflict]: %2F decodes
}

TEST(CanonicalUri, GenericNormalizesAndEncodesTheWirePathAgain) {
  EXPECT_EQ(canonical_uri("//example//", Mode::generic), "/example/");
  EXPECT_EQ(canonical_uri("/example/..", Mode::generic), "/");
  EXPECT_EQ(canonical_uri("/./", Mode::generic), "/");
  EXPECT_EQ(canonical_uri("/./example", Mode::generic), "/example");
  EXPECT_EQ(canonical_uri("/example1/example2/../..", Mode::generic), "/");
  EXPECT_EQ(canonical_uri("/a%20b", Mode::generic), "/a%2520b");  // double encoding
}

TEST(CanonicalQuery, EncodesSortsAndFillsEmptyValues) {
  EXPECT_EQ(canonical_query(""), "");
  EXPECT_EQ(canonical_query("lifecycle"), "lifecycle=");
  EXPECT_EQ(canonical_query("prefix=J&max-keys=2"), "max-keys=2&prefix=J");
  EXPECT_EQ(canonical_query("Param1=value2&Param1=Value1"), "Param1=Value1&Param1=value2");
  EXPECT_EQ(canonical_query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3");  // sorted after encoding
  EXPECT_EQ(canonical_query("a=b+c&&d=e f"), "a=b%2Bc&d=e%20f");
  EXPECT_EQ(canonical_query("X-Amz-Signature=abc&a=1", "X-Amz-Signature"), "a=1");
}

TEST(CanonicalHeaders, TrimallAndReceivedOrder) {
  HttpRequest r{"GET",
                "/",
                {{"Host", "h"},
                 {"My-Header1", "  a   b   c  "},
                 {"My-Header2", "\"a   b   c\""},
                 {"x-v", "4"},
                 {"X-V", "1"},
                 {"x-v", "3"}},
                ""};
  EXPECT_EQ(canonical_headers(r, {"X-V", "my-header1", "my-header2", "host"}),
            "host:h\nmy-header1:a b c\nmy-header2:\"a b c\"\nx-v:4,1,3\n");
}

TEST(CanonicalRequest, LayoutAndSignedHeadersLine) {
  HttpRequest r{
      "GET", "/test.txt", {{"Host", "examplebucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"}}, ""};
  EXPECT_EQ(canonical_request(r, {"range", "HOST", "host"}, "UNSIGNED-PAYLOAD", Mode::s3),
            "GET\n/"
            "test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n\nhost;"
            "range\nUNSIGNED-PAYLOAD");
}

TEST(StringToSign, Layout) {
  EXPECT_EQ(credential_scope("20130524", "us-east-1", "s3"), "20130524/us-east-1/s3/aws4_request");
  EXPECT_EQ(string_to_sign("20130524T000000Z", "20130524/us-east-1/s3/aws4_request", ""),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

RC_GTEST_PROP(CanonicalProperty, S3UriIsTheSameForAnyEncodingOfTheSameKey,
              (const std::string& key)) {
  std::string literal = "/" + key;
  std::string encoded = "/" + uri_encode(key, true);
  // Any byte string, encoded, canonicalizes to the encoding of its bytes.
  RC_ASSERT(canonical_uri(encoded, Mode::s3) == encoded);
  if (literal.find('%') == std::string::npos)
    RC_ASSERT(canonical_uri(literal, Mode::s3) == encoded);
}

RC_GTEST_PROP(CanonicalProperty, QueryIsIndependentOfParameterOrder,
              (std::vector<std::pair<std::string, std::string>> params)) {
  std::string forward, backward;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& [n, v] = params[i];
    if (i) forward += "&";
    forward += uri_encode(n) + "=" + uri_encode(v);
    const auto& [bn, bv] = params[params.size() - 1 - i];
    if (i) backward += "&";
    backward += uri_encode(bn) + "=" + uri_encode(bv);
  }
  RC_ASSERT(canonical_query(forward) == canonical_query(backward));
}

}  // namespace
}  // namespace scopecheck::sigv4
