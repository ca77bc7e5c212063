// adapt_to_fixed: generated scenarios rewritten onto a third-party target's fixed world; static
// files parsed with errors that name the field.
#include "harness/targets/target_factory.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>

#include "harness/model/cidr.h"
#include "harness/model/permission_groups.h"
#include "harness/scenario/generators.h"
#include "harness/scenario/runner.h"
#include "harness/targets/static_target.h"

namespace scopecheck::targets {
namespace {

FixedWorld fixed() {
  FixedWorld fw;
  fw.account = std::string(kFixedAccount);
  model::Policy p;
  p.permission_groups = {std::string(model::kItemReadId)};
  p.resources = {model::Resource::account(fw.account)};
  fw.credentials = {{"first", {}}, {"second", {}}};
  fw.credentials[0].grants.policies = {p};
  fw.buckets = {"fixed-a", "fixed-b"};
  fw.scratch_prefix = "scx-";
  return fw;
}

TEST(AdaptToFixed, MatrixScenarioUsesTheFixedBucketsCredentialsAndAccount) {
  scenario::GenOptions g;
  g.jurisdictions = false;
  const auto s = scenario::matrix_scenarios(g).front();
  const auto a = adapt_to_fixed(s, fixed());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->world.accounts, std::vector<std::string>{std::string(kFixedAccount)});
  ASSERT_EQ(a->world.buckets.size(), 2u);  // the third bucket has no fixed name left
  EXPECT_EQ(a->world.buckets[0].where.name, "fixed-a");
  EXPECT_EQ(a->world.buckets[1].where.name, "fixed-b");
  ASSERT_EQ(a->world.tokens.size(), 2u);  // the matrix token and its read-only rider
  EXPECT_EQ(a->world.tokens[0].token.name, std::optional<std::string>("first"));
  EXPECT_EQ(a->world.tokens[1].token.name, std::optional<std::string>("second"));
  EXPECT_EQ(a->world.tokens[0].token.policies, fixed().credentials[0].grants.policies);
  for (const auto& st : a->steps) {
    const auto& s3 = std::get<scenario::S3Step>(st);
    EXPECT_EQ(s3.endpoint_account, std::string(kFixedAccount));
    EXPECT_NE(s3.bucket, "logs");  // every name was rewritten
    EXPECT_TRUE(s3.bucket.empty() || s3.bucket.rfind("fixed-", 0) == 0 || s3.bucket.rfind("scx-", 0) == 0) << s3.bucket;
  }
}

// The authentication matrix's disabled and IP-limited tokens land on the credentials that
// express them (RGW: a suspended user, a user whose policies carry aws:SourceIp); a step from an
// address the target offers keeps it, another comes from the first offered address.
TEST(AdaptToFixed, InactiveAndIpConditionedTokensMapOntoTheCredentialsThatExpressThem) {
  scenario::GenOptions g;
  g.jurisdictions = false;
  const auto matrix = scenario::matrix_scenarios(g);
  const scenario::Scenario* auth = nullptr;
  for (const auto& s : matrix)
    if (!auth && s.world.tokens.size() == 4) auth = &s;  // the reads; the writes follow
  ASSERT_NE(auth, nullptr) << "the authentication matrix has a writer, a reader, a disabled and an IP-limited token";
  auto fw = fixed();
  fw.credentials.push_back({"suspended", {}});
  fw.credentials.back().grants.status = model::TokenStatus::kDisabled;
  fw.credentials.push_back({"limited", {}});
  fw.credentials.back().grants.condition = model::IpCondition{std::vector<model::Cidr>{{*model::parse_ip("127.0.0.2"), 32}}, std::nullopt};
  fw.source_ips = {"127.0.0.1", "127.0.0.2"};
  const auto a = adapt_to_fixed(*auth, fw);
  ASSERT_TRUE(a);
  std::map<std::string, std::string> cred_of;
  for (const auto& t : a->world.tokens) cred_of[t.ref] = t.token.name.value_or("");
  EXPECT_EQ(cred_of["t0"], "first");
  EXPECT_EQ(cred_of["t1"], "second");
  EXPECT_EQ(cred_of["t2"], "suspended");
  EXPECT_EQ(cred_of["t3"], "limited");
  for (const auto& t : a->world.tokens) {
    EXPECT_EQ(t.token.status == model::TokenStatus::kDisabled, t.ref == "t2") << t.ref;
    EXPECT_EQ(t.token.condition.has_value(), t.ref == "t3") << t.ref;
  }
  std::set<std::string> sources;
  for (const auto& st : a->steps) sources.insert(std::get<scenario::S3Step>(st).source_ip);
  EXPECT_EQ(sources, (std::set<std::string>{"127.0.0.1", "127.0.0.2"}));
  fw.source_ips = {"127.0.0.1"};
  for (const auto& st : adapt_to_fixed(*auth, fw)->steps) EXPECT_EQ(std::get<scenario::S3Step>(st).source_ip, "127.0.0.1");
}

RC_GTEST_PROP(AdaptToFixed, ResultIsExpressibleAndStable, ()) {
  scenario::GenOptions g;
  const auto s = *scenario::gen_scenario(g);
  auto fw = fixed();
  fw.presign = false;
  const auto a = adapt_to_fixed(s, fw);
  if (!a) return;
  for (const auto& st : a->steps) {
    const auto* s3 = std::get_if<scenario::S3Step>(&st);
    RC_ASSERT(s3 != nullptr);  // no token or clock steps
    RC_ASSERT(s3->auth != scenario::AuthMode::kPresigned);
    RC_ASSERT(s3->addressing == scenario::Addressing::kPath);
    RC_ASSERT(s3->source_ip == "127.0.0.1");
    RC_ASSERT(s3->upload < static_cast<int>(a->steps.size()));
  }
  for (const auto& t : a->world.tokens) RC_ASSERT(!t.token.condition && !t.token.not_before && !t.token.expires_on);
  RC_ASSERT(a->world.buckets.size() <= fw.buckets.size());
  // A saved case is adapted again when replayed: nothing changes.
  const auto again = adapt_to_fixed(*a, fw);
  RC_ASSERT(again.has_value());
  RC_ASSERT(again->steps.size() == a->steps.size());
  for (size_t i = 0; i < a->steps.size(); ++i)
    RC_ASSERT(std::get<scenario::S3Step>(again->steps[i]).bucket == std::get<scenario::S3Step>(a->steps[i]).bucket);
}

TEST(StaticConfig, ParsesTheExampleFile) {
  const auto c = load_static_config(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/static/s3rver.json");
  EXPECT_EQ(c.endpoint, "http://127.0.0.1:4568");
  ASSERT_TRUE(c.admin);
  EXPECT_EQ(c.admin->access_key, "S3RVER");
  ASSERT_EQ(c.credentials.size(), 1u);
  ASSERT_EQ(c.credentials[0].grants.policies.size(), 1u);
  EXPECT_EQ(c.credentials[0].grants.policies[0].permission_groups, std::vector<std::string>{std::string(model::kStorageWriteId)});
  EXPECT_EQ(c.buckets.size(), 3u);
}

TEST(StaticConfig, ErrorsNameTheField) {
  auto error_of = [](const std::string& text) {
    try {
      parse_static_config(text, "f.json");
    } catch (const TargetError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string base = R"("format":"scopecheck-static/1","endpoint":"http://x")";
  EXPECT_EQ(error_of("[1]"), "f.json: (file): not a JSON object");
  EXPECT_EQ(error_of("{\"endpoint\":\"http://x\"}"), "f.json: format: must be \"scopecheck-static/1\"");
  EXPECT_EQ(error_of("{" + base + "}"), "f.json: credentials: a non-empty array");
  EXPECT_EQ(error_of("{" + base + R"(,"credentials":[{"access_key":"a","secret_key":"b","grants":[{"permission":"root"}]}]})"),
            "f.json: credentials[0].grants[0].permission: unknown permission 'root' (admin-write, admin-read, object-write, object-read)");
  EXPECT_EQ(error_of("{" + base + R"(,"credentials":[{"access_key":"a","secret_key":"b"}],"buckets":[{"name":"ok-name"}]})"),
            "f.json: buckets[0].create: creating buckets needs an admin credential");
  // A key the schema does not know (a typo) is refused with its JSON path, not ignored.
  const std::string typo = error_of("{" + base + R"(,"credentials":[{"access_key":"a","secret_key":"b","secret_kye":"c",)" +
                                    R"("grants":[{"permission":"admin-write","buckets":["*"]}]}],"buckets":[{"name":"ok-name","create":false}]})");
  EXPECT_EQ(typo.rfind("f.json: credentials[0].secret_kye: unknown key", 0), 0u) << typo;
}

}  // namespace
}  // namespace scopecheck::targets
