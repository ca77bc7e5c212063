#include "harness/sigv4/crypto.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::sigv4 {
namespace {

TEST(Crypto, Sha256KnownAnswers) {
  EXPECT_EQ(sha256_hex(""), kEmptySha256);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256("abc").size(), 32u);
}

TEST(Crypto, HmacSha256Rfc4231Case2) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, HmacAcceptsEmptyKeyAndData) {
  EXPECT_EQ(hex(hmac_sha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Crypto, HexIsLowercase) { EXPECT_EQ(hex(std::string("\x00\xab\xff", 3)), "00abff"); }

TEST(Crypto, IsLowerHex64) {
  EXPECT_TRUE(is_lower_hex64(kEmptySha256));
  EXPECT_FALSE(is_lower_hex64(std::string(63, 'a')));
  EXPECT_FALSE(is_lower_hex64(std::string(65, 'a')));
  EXPECT_FALSE(is_lower_hex64(std::string(64, 'A')));
  EXPECT_FALSE(is_lower_hex64(std::string(64, 'g')));
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

RC_GTEST_PROP(CryptoProperty, ConstantTimeEqualIsEquality,
              (const std::string& a, const std::string& b)) {
  RC_ASSERT(constant_time_equal(a, b) == (a == b));
  RC_ASSERT(constant_time_equal(a, a));
}

}  // namespace
}  // namespace scopecheck::sigv4
