#include "harness/sigv4/sigv2.h"

#include <gtest/gtest.h>

namespace scopecheck::sigv4 {
namespace {

TEST(DetectSigV2, HeaderAndQueryForms) {
  HttpRequest h{"GET",
                "/b/k",
                {{"Authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="}},
                ""};
  EXPECT_EQ(detect_sigv2(h), SigV2Kind::header);
  HttpRequest q{"GET", "/b/k?AWSAccessKeyId=AK&Expires=1&Signature=x%2B", {}, ""};
  EXPECT_EQ(detect_sigv2(q), SigV2Kind::query);
  HttpRequest only_sig{"GET", "/b/k?Signature=x", {}, ""};
  EXPECT_EQ(detect_sigv2(only_sig), SigV2Kind::query);
}

TEST(DetectSigV2, SigV4AndPlainRequestsAreNot) {
  HttpRequest v4{"GET",
                 "/b/k?X-Amz-Signature=ab&X-Amz-Credential=c",
                 {{"Authorization", "AWS4-HMAC-SHA256 Credential=x"}},
                 ""};
  EXPECT_EQ(detect_sigv2(v4), SigV2Kind::none);
  HttpRequest plain{"GET", "/b/k?prefix=Signature", {{"Host", "h"}}, ""};
  EXPECT_EQ(detect_sigv2(plain), SigV2Kind::none);
  HttpRequest no_colon{"GET", "/", {{"Authorization", "AWS token"}}, ""};
  EXPECT_EQ(detect_sigv2(no_colon), SigV2Kind::none);
}

}  // namespace
}  // namespace scopecheck::sigv4

// Signing: the worked examples of Amazon's "Signing and authenticating REST requests (AWS
// signature version 2)" page (AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY).
namespace {
constexpr std::string_view kDocSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

scopecheck::sigv4::HttpRequest doc_request(std::string method, std::string target,
                                           std::vector<std::pair<std::string, std::string>> headers) {
  scopecheck::sigv4::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers = std::move(headers);
  return r;
}
}  // namespace

TEST(SigV2Sign, ObjectGetOfTheDocumentation) {
  auto r = doc_request("GET", "/photos/puppy.jpg",
                       {{"Host", "johnsmith.s3.amazonaws.com"}, {"Date", "Tue, 27 Mar 2007 19:36:42 +0000"}});
  const auto sts = scopecheck::sigv4::sigv2_string_to_sign(r, "johnsmith");
  EXPECT_EQ(sts, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
  EXPECT_EQ(scopecheck::sigv4::sigv2_signature(kDocSecret, sts), "bWq2s1WEIj+Ydj0vQ697zp+IXMU=");
}

TEST(SigV2Sign, ObjectPutWithContentTypeOfTheDocumentation) {
  auto r = doc_request("PUT", "/photos/puppy.jpg",
                       {{"Content-Type", "image/jpeg"}, {"Content-Length", "94328"},
                        {"Host", "johnsmith.s3.amazonaws.com"}, {"Date", "Tue, 27 Mar 2007 21:15:45 +0000"}});
  const auto sts = scopecheck::sigv4::sigv2_string_to_sign(r, "johnsmith");
  EXPECT_EQ(sts, "PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg");
  EXPECT_EQ(scopecheck::sigv4::sigv2_signature(kDocSecret, sts), "MyyxeRY7whkBe+bq8fHCL/2kKUg=");
}

TEST(SigV2Sign, AmzHeadersAreCanonicalizedAndXAmzDateEmptiesTheDateLine) {
  auto r = doc_request("PUT", "/b/k?uploadId=u1&partNumber=2&list-type=2&cors",
                       {{"X-Amz-Meta-B", " two "}, {"x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000"},
                        {"x-amz-meta-a", "1"}, {"X-AMZ-META-B", "three"}, {"Date", "ignored"}});
  EXPECT_EQ(scopecheck::sigv4::sigv2_string_to_sign(r),
            "PUT\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\nx-amz-meta-a:1\nx-amz-meta-b:two,three\n"
            "/b/k?cors&partNumber=2&uploadId=u1");
}

TEST(SigV2Sign, SignAddsDateAndAuthorizationThatVerifyAgainstTheStringToSign) {
  auto r = doc_request("GET", "/logs/a.txt", {{"Host", "127.0.0.1:7480"}});
  const auto t = std::chrono::sys_seconds(std::chrono::seconds(1767225600));  // 2026-01-01T00:00:00Z
  auto s = scopecheck::sigv4::sign_sigv2(r, "AKIAIOSFODNN7EXAMPLE", kDocSecret, t);
  EXPECT_EQ(s.header("Date").value_or(""), "Thu, 01 Jan 2026 00:00:00 GMT");
  auto unsigned_copy = s;
  unsigned_copy.remove_header("Authorization");
  EXPECT_EQ(s.header("Authorization").value_or(""),
            "AWS AKIAIOSFODNN7EXAMPLE:" + scopecheck::sigv4::sigv2_signature(kDocSecret, scopecheck::sigv4::sigv2_string_to_sign(unsigned_copy)));
  EXPECT_EQ(scopecheck::sigv4::detect_sigv2(s), scopecheck::sigv4::SigV2Kind::header);
}
