#include "harness/sigv4/uri_encode.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::sigv4 {
namespace {

TEST(UriEncode, KeepsOnlyUnreservedBytes) {
  EXPECT_EQ(uri_encode("-._~AZaz09"), "-._~AZaz09");
  EXPECT_EQ(uri_encode("a b+c"), "a%20b%2Bc");  // space is %20, plus is %2B (pitfalls 1, 2)
  EXPECT_EQ(uri_encode("()=&@{}!*'$,;:"), "%28%29%3D%26%40%7B%7D%21%2A%27%24%2C%3B%3A");
  EXPECT_EQ(uri_encode("ሴ"), "%E1%88%B4");  // uppercase hex, UTF-8 bytes
}

TEST(UriEncode, SlashDependsOnWhereItIs) {
  EXPECT_EQ(uri_encode("a/b"), "a%2Fb");
  EXPECT_EQ(uri_encode("a/b", true), "a/b");
}

TEST(PercentDecode, StrictAndLenient) {
  EXPECT_EQ(percent_decode("a%20b%2fc+"), "a b/c+");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_EQ(percent_decode_lenient("100%25 and 100% and %zz%4"), "100% and 100% and %zz%4");
}

RC_GTEST_PROP(UriEncodeProperty, DecodeInvertsEncode, (const std::string& s, bool keep_slash)) {
  auto encoded = uri_encode(s, keep_slash);
  RC_ASSERT(percent_decode(encoded) == s);
  RC_ASSERT(percent_decode_lenient(encoded) == s);
  RC_ASSERT(uri_encode(percent_decode_lenient(encoded), keep_slash) == encoded);
}

RC_GTEST_PROP(UriEncodeProperty, LenientDecodeIsTotal, (const std::string& s)) {
  auto strict = percent_decode(s);
  if (strict) RC_ASSERT(*strict == percent_decode_lenient(s));
}

}  // namespace
}  // namespace scopecheck::sigv4
