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
