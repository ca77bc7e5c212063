#include "harness/sigv4/signing_key.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "harness/sigv4/crypto.h"
#include "tests/sigv4/test_support.h"

namespace scopecheck::sigv4 {
namespace {

const std::string kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

TEST(DeriveSigningKey, TheS3DocumentationChain) {
  auto chain = nlohmann::json::parse(testing::read_file(
      testing::vectors_dir() / "s3-examples.json"))["signing_key_chain_20130524_us_east_1_s3"];
  std::string k_date = hmac_sha256("AWS4" + kSecret, "20130524");
  std::string k_region = hmac_sha256(k_date, "us-east-1");
  std::string k_service = hmac_sha256(k_region, "s3");
  EXPECT_EQ(hex(k_date), chain["kDate"].get<std::string>());
  EXPECT_EQ(hex(k_region), chain["kRegion"].get<std::string>());
  EXPECT_EQ(hex(k_service), chain["kService"].get<std::string>());
  EXPECT_EQ(hex(derive_signing_key(kSecret, "20130524", "us-east-1", "s3")),
            chain["kSigning"].get<std::string>());
}

TEST(DeriveSigningKey, ThePostPolicyExampleSignsItsBase64Policy) {
  auto all = nlohmann::json::parse(testing::read_file(testing::vectors_dir() / "s3-examples.json"));
  for (const auto& e : all["examples"]) {
    if (e["id"] != "post_policy_upload") continue;
    std::string key = derive_signing_key(kSecret, "20151229", "us-east-1", "s3");
    EXPECT_EQ(hex(key), e["computed"]["signing_key_hex"].get<std::string>());
    EXPECT_EQ(sign_string(key, e["documented_values"]["policy_base64"].get<std::string>()),
              e["documented_values"]["signature"].get<std::string>());
    return;
  }
  FAIL() << "post_policy_upload example missing";
}

TEST(DeriveSigningKey, TheSecretIsUsedRawNotUrlDecoded) {
  EXPECT_NE(derive_signing_key("a+b", "20240101", "auto", "s3"),
            derive_signing_key("a b", "20240101", "auto", "s3"));
  EXPECT_NE(derive_signing_key("a%2Fb", "20240101", "auto", "s3"),
            derive_signing_key("a/b", "20240101", "auto", "s3"));
}

TEST(SigningKeyCache, CachesPerSecretDateRegionService) {
  SigningKeyCache cache(3);
  EXPECT_EQ(cache.get(kSecret, "20130524", "us-east-1", "s3"),
            derive_signing_key(kSecret, "20130524", "us-east-1", "s3"));
  EXPECT_EQ(cache.get(kSecret, "20130524", "us-east-1", "s3"),
            derive_signing_key(kSecret, "20130524", "us-east-1", "s3"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.get(kSecret, "20130525", "us-east-1", "s3"),
            derive_signing_key(kSecret, "20130525", "us-east-1", "s3"));
  EXPECT_EQ(cache.get("other", "20130524", "us-east-1", "s3"),
            derive_signing_key("other", "20130524", "us-east-1", "s3"));
  EXPECT_EQ(cache.size(), 3u);
  // Full: the next key starts a fresh cache and is still right.
  EXPECT_EQ(cache.get(kSecret, "20130524", "auto", "s3"),
            derive_signing_key(kSecret, "20130524", "auto", "s3"));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(SigningKeyCache, IsSafeAcrossThreads) {
  SigningKeyCache cache(8);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string date = "2024010" + std::to_string(1 + (i + t) % 9);
        if (cache.get(kSecret, date, "auto", "s3") !=
            derive_signing_key(kSecret, date, "auto", "s3"))
          ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace scopecheck::sigv4
