// grants.h: resource parsing (SC-RES-1, SC-RES-5), compiled grants (SC-RES-2..4, SC-GR-1..3),
// and the lookup relaxations the seeded bugs switch on.
#include <gtest/gtest.h>

#include <algorithm>

#include "emulator/grants.h"

namespace scopecheck::emulator {
namespace {

const std::string kA = "0123456789abcdef0123456789abcdef";
const std::string kB = "fedcba9876543210fedcba9876543210";

CompiledGrants compile_one(bool deny, std::vector<Resource> res, std::vector<std::string> groups,
                           const BugSet& bugs = {}) {
  return compile_grants({PolicyInput{deny, std::move(res), std::move(groups)}}, bugs);
}

Resource bucket(const std::string& name, const std::string& jur = "default", const std::string& acct = kA) {
  return {ResourceKind::bucket, acct, jur, name};
}

AccessTarget on(Capability c, const std::string& b, const std::string& jur = "default", const std::string& acct = kA) {
  return {c, acct, jur, b};
}

TEST(ResourceParse, AcceptsTheFourFormsAndRejectsMalformedKeys) {
  auto r = parse_resource_entry("com.cloudflare.edge.r2.bucket." + kA + "_eu_logs", true, {});
  ASSERT_TRUE(r.error.empty());
  EXPECT_EQ(r.resources[0].jurisdiction, "eu");
  EXPECT_EQ(r.resources[0].bucket, "logs");
  EXPECT_TRUE(parse_resource_entry("com.cloudflare.api.account." + kA, true, {}).error.empty());
  EXPECT_TRUE(parse_resource_entry("com.cloudflare.api.account.*", true, {}).error.empty());
  auto nested = parse_resource_entry("com.cloudflare.api.account." + kA, false, {"com.cloudflare.edge.r2.bucket.*"});
  ASSERT_TRUE(nested.error.empty());
  EXPECT_EQ(nested.resources[0].kind, ResourceKind::account_buckets);
  for (const std::string& bad : std::vector<std::string>{"com.cloudflare.edge.r2.bucket." + kA + "_us_logs", "com.cloudflare.edge.r2.bucket." + kA + "_default_Logs",
        "com.cloudflare.edge.r2.bucket." + kA + "_default_lo", "com.cloudflare.edge.r2.bucket.abc_default_logs",
        std::string("com.cloudflare.edge.r2.bucket.*"), std::string("com.cloudflare.api.account.XYZ"),
        std::string("something.else")})
    EXPECT_FALSE(parse_resource_entry(bad, true, {}).error.empty()) << bad;
  EXPECT_FALSE(parse_resource_entry("com.cloudflare.api.account." + kA, false, {}).error.empty());
  EXPECT_FALSE(parse_resource_entry("com.cloudflare.edge.r2.bucket." + kA + "_default_logs", false, {"x"}).error.empty());
}

TEST(CompiledGrants, ExactMatchOnAccountJurisdictionAndName) {
  auto g = compile_one(false, {bucket("logs")}, {std::string(kGroupItemRead)});
  BugSet none;
  EXPECT_TRUE(is_allowed(g, on(kBucketRead, "logs"), none));
  EXPECT_FALSE(is_allowed(g, on(kBucketWrite, "logs"), none));
  EXPECT_FALSE(is_allowed(g, on(kBucketRead, "logs-archive"), none));
  EXPECT_FALSE(is_allowed(g, on(kBucketRead, "logs", "eu"), none));
  EXPECT_FALSE(is_allowed(g, on(kBucketRead, "logs", "default", kB), none));
  EXPECT_FALSE(is_allowed(g, on(kBucketRead, "LOGS"), none));
  EXPECT_FALSE(is_allowed(g, {kAccountList, kA, "default", ""}, none));
}

TEST(CompiledGrants, AccountGroupsCoverEveryBucketAndWriteImpliesRead) {
  auto g = compile_one(false, {{ResourceKind::account, kA, "", ""}}, {std::string(kGroupStorageWrite)});
  BugSet none;
  EXPECT_TRUE(is_allowed(g, on(kBucketRead, "anything", "fedramp"), none));
  EXPECT_TRUE(is_allowed(g, on(kBucketWrite, "anything"), none));
  EXPECT_TRUE(is_allowed(g, {kAccountAdmin, kA, "default", "x"}, none));
  EXPECT_FALSE(is_allowed(g, on(kBucketRead, "anything", "default", kB), none));
}

TEST(CompiledGrants, ScopeMismatchGrantsNothingUnlessTheBugIsOn) {
  auto account_on_bucket = compile_one(false, {bucket("logs")}, {std::string(kGroupStorageRead)});
  EXPECT_FALSE(is_allowed(account_on_bucket, on(kBucketRead, "logs"), {}));
  BugSet bug;
  bug.add(Bug::scope_type_ignored);
  auto buggy = compile_one(false, {bucket("logs")}, {std::string(kGroupStorageRead)}, bug);
  EXPECT_TRUE(is_allowed(buggy, on(kBucketRead, "logs"), bug));
}

TEST(CompiledGrants, DenyWinsOverAnyAllowInAnyOrder) {
  std::vector<PolicyInput> p = {{false, {{ResourceKind::account_buckets, kA, "", ""}}, {std::string(kGroupItemWrite)}},
                                {true, {bucket("logs")}, {std::string(kGroupItemRead)}}};
  auto g = compile_grants(p, {});
  EXPECT_FALSE(is_allowed(g, on(kBucketRead, "logs"), {}));
  EXPECT_TRUE(is_allowed(g, on(kBucketWrite, "logs"), {}));  // the deny covers read only
  EXPECT_TRUE(is_allowed(g, on(kBucketRead, "other"), {}));
  std::reverse(p.begin(), p.end());
  EXPECT_FALSE(is_allowed(compile_grants(p, {}), on(kBucketRead, "logs"), {}));
}

TEST(CompiledGrants, LookupRelaxationsOfTheSeededBugs) {
  auto g = compile_one(false, {bucket("logs")}, {std::string(kGroupItemRead)});
  struct Row {
    Bug bug;
    AccessTarget target;
  };
  for (const auto& r : std::vector<Row>{{Bug::bucket_prefix_match, on(kBucketRead, "logs-archive")},
                                        {Bug::jurisdiction_ignored, on(kBucketRead, "logs", "eu")},
                                        {Bug::account_ignored, on(kBucketRead, "logs", "default", kB)},
                                        {Bug::bucket_case_fold, on(kBucketRead, "LOGS")},
                                        {Bug::object_token_lists_buckets, {kAccountList, kA, "default", ""}}}) {
    BugSet b;
    b.add(r.bug);
    EXPECT_FALSE(is_allowed(g, r.target, {})) << bug_name(r.bug);
    EXPECT_TRUE(is_allowed(g, r.target, b)) << bug_name(r.bug);
  }
}

TEST(PermissionCatalogue, SortedByIdWithTheFourR2Groups) {
  const auto& c = permission_catalogue();
  EXPECT_TRUE(std::is_sorted(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.id < b.id; }));
  for (auto id : {kGroupStorageWrite, kGroupStorageRead, kGroupItemWrite, kGroupItemRead})
    EXPECT_NE(find_group(id), nullptr);
  EXPECT_EQ(find_group("00000000000000000000000000000000"), nullptr);
}

}  // namespace
}  // namespace scopecheck::emulator
