#include "harness/model/resource_id.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

using RE = ResourceIdError;

// SC-RES-1: <32-hex account>_<jurisdiction>_<bucket name>; anything else is malformed.
TEST(ResourceId, SC_RES_1_bucket_resource_strings) {
  struct Row {
    std::string text;
    std::optional<RE> error;
  };
  const std::string a = kA;
  const std::vector<Row> rows = {
      {a + "_default_logs", std::nullopt},
      {a + "_eu_my-eu-bucket", std::nullopt},
      {a + "_fedramp_abc", std::nullopt},
      {"x", RE::kBucketAccount},
      {"", RE::kBucketAccount},
      {"4793D734C0B8E484DFC37EC392B5FA8A_default_logs", RE::kBucketAccount},  // upper-case hex
      {a.substr(1) + "_default_logs", RE::kBucketAccount},
      {a, RE::kBucketSeparator},
      {a + "_default", RE::kBucketSeparator},
      {a + "_Default_logs", RE::kBucketJurisdiction},
      {a + "_us_logs", RE::kBucketJurisdiction},
      {a + "__logs", RE::kBucketJurisdiction},
      {a + "_default_lo", RE::kBucketName},
      {a + "_default_Logs", RE::kBucketName},
      {a + "_default_logs_x", RE::kBucketName},
      {a + "_default_-logs", RE::kBucketName},
      {a + "_default_logs-", RE::kBucketName},
      {a + "_default_" + std::string(64, 'a'), RE::kBucketName},
      {a + "_default_ logs", RE::kBucketName},
      {a + "_default_log%73", RE::kBucketName},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    auto r = parse_bucket_ref(row.text);
    if (row.error) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error(), *row.error);
    } else {
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(to_string(*r), row.text);
    }
  }
  EXPECT_EQ(parse_bucket_ref(std::string(kA) + "_default_" + std::string(63, 'a')).ok(), true);
}

TEST(ResourceId, TopLevelKeys) {
  auto b = parse_resource_key("com.cloudflare.edge.r2.bucket." + kA + "_eu_logs");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->kind, ResourceKind::kBucket);
  EXPECT_EQ(b->bucket, (BucketRef{kA, Jurisdiction::kEu, "logs"}));
  auto acct = parse_resource_key("com.cloudflare.api.account." + kA);
  ASSERT_TRUE(acct.ok());
  EXPECT_EQ(acct->kind, ResourceKind::kAccount);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.account.*")->kind, ResourceKind::kAllAccounts);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.account.zone.*")->kind, ResourceKind::kZone);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.user." + kB)->kind, ResourceKind::kUser);
  EXPECT_EQ(parse_resource_key("com.cloudflare.edge.r2.bucket.*").error(), RE::kBucketWildcardTopLevel);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.account.abc").error(), RE::kAccountId);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.account.zone.abc").error(), RE::kZoneId);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.user.*").error(), RE::kUserId);
  EXPECT_EQ(parse_resource_key("com.cloudflare.api.accounts." + kA).error(), RE::kUnknownType);
  EXPECT_EQ(parse_resource_key("").error(), RE::kUnknownType);
}

TEST(ResourceId, NestedForms) {
  const std::string key = "com.cloudflare.api.account." + kA;
  auto all = parse_nested_resource(key, "com.cloudflare.edge.r2.bucket.*");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, Resource::account_buckets(kA));
  EXPECT_EQ(parse_nested_resource(key, "com.cloudflare.api.account.zone.*")->kind, ResourceKind::kAccountZones);
  EXPECT_EQ(parse_nested_resource(key, "com.cloudflare.edge.r2.bucket." + kA + "_default_logs").error(), RE::kNestedKey);
  EXPECT_EQ(parse_nested_resource("com.cloudflare.api.account.*", "com.cloudflare.edge.r2.bucket.*").error(),
            RE::kNestedUnderWildcard);
  EXPECT_EQ(parse_nested_resource("com.cloudflare.api.account.x", "com.cloudflare.edge.r2.bucket.*").error(), RE::kAccountId);
  EXPECT_EQ(parse_nested_resource("com.cloudflare.edge.r2.bucket.x", "com.cloudflare.edge.r2.bucket.*").error(),
            RE::kUnknownType);
}

TEST(ResourceId, FormatThenParseIsIdentity) {
  for (const Resource& r : {logs_res(), Resource::account(kA), Resource::all_accounts(),
                            Resource{ResourceKind::kZone, {}, "*"}, Resource{ResourceKind::kUser, {}, kB}}) {
    auto back = parse_resource_key(resource_key(r));
    ASSERT_TRUE(back.ok()) << resource_key(r);
    EXPECT_EQ(*back, r);
  }
  auto nested = parse_nested_resource(resource_key(Resource::account_buckets(kA)), *nested_key(Resource::account_buckets(kA)));
  EXPECT_EQ(*nested, Resource::account_buckets(kA));
  EXPECT_EQ(describe(Resource::account_buckets(kA)),
            "com.cloudflare.api.account." + kA + " > com.cloudflare.edge.r2.bucket.*");
}

TEST(ResourceId, ScopeOfEachKind) {
  EXPECT_EQ(scope_of(logs_res()), kScopeBucket);
  EXPECT_EQ(scope_of(Resource::account_buckets(kA)), kScopeBucket);
  EXPECT_EQ(scope_of(Resource::account(kA)), kScopeAccount);
  EXPECT_EQ(scope_of(Resource::all_accounts()), kScopeAccount);
  EXPECT_EQ(scope_of(Resource{ResourceKind::kZone, {}, "*"}), kScopeZone);
  EXPECT_EQ(scope_of(Resource{ResourceKind::kUser, {}, kB}), kScopeUser);
}

TEST(ResourceId, ErrorMessagesAreStable) {
  const std::vector<std::pair<RE, std::string>> rows = {
      {RE::kUnknownType, "unknown resource type"},
      {RE::kBucketAccount, "malformed bucket resource: account must be 32 hex chars"},
      {RE::kBucketSeparator, "malformed bucket resource: expected <account>_<jurisdiction>_<bucket>"},
      {RE::kBucketJurisdiction, "malformed bucket resource: jurisdiction must be default, eu or fedramp"},
      {RE::kBucketName,
       "malformed bucket resource: bucket name must be 3-63 chars of a-z, 0-9 and -, starting and ending with a letter or "
       "digit"},
      {RE::kBucketWildcardTopLevel, "com.cloudflare.edge.r2.bucket.* must be nested under an account"},
      {RE::kAccountId, "malformed account resource: account must be 32 hex chars or *"},
      {RE::kZoneId, "malformed zone resource: zone must be 32 hex chars or *"},
      {RE::kUserId, "malformed user resource: user must be 32 hex chars"},
      {RE::kNestedUnderWildcard, "nested resources need a specific account"},
      {RE::kNestedKey,
       "malformed nested resource: expected com.cloudflare.edge.r2.bucket.* or com.cloudflare.api.account.zone.*"},
  };
  for (const auto& [e, text] : rows) EXPECT_EQ(message(e), text);
}

// Total: any string gives a value or a typed error; a value formats back to the same key.
RC_GTEST_PROP(ResourceId, ParseIsTotalAndFormatsBack, (const std::string& tail, bool bucket_prefix)) {
  const std::string key = (bucket_prefix ? "com.cloudflare.edge.r2.bucket." : "com.cloudflare.api.account.") + tail;
  auto r = parse_resource_key(key);
  if (r.ok()) RC_ASSERT(resource_key(*r) == key);
  auto b = parse_bucket_ref(tail);
  if (b.ok()) RC_ASSERT(to_string(*b) == tail);
}

}  // namespace
}  // namespace scopecheck::model::test
