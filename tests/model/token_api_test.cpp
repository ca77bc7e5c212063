// The token API's rules (SCOPING §11): who may call which endpoint, body validation, what an
// answer may reveal, verify, and the bearer's IP condition — decided by the model alone.
#include "harness/model/token_api.h"

#include <gtest/gtest.h>

#include "harness/model/profile.h"
#include "harness/model/token_codec.h"
#include "tests/model/fixtures.h"

namespace scopecheck::model {
namespace {

using namespace scopecheck::model::test;
using O = ApiOutcome;

const std::string kApiWrite{kApiTokensWriteId};
const std::string kApiRead{kApiTokensReadId};
const std::string kOther = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const std::string kReaderValue = "READERreaderREADERreaderREADERreaderREAD";
const std::string kSubjectValue = "SUBJECTsubjectSUBJECTsubjectSUBJECTsubj";

ApiToken api_token(std::vector<Policy> policies, const std::string& id, const std::string& value,
                   const std::string& owner = "user") {
  Token t = token(std::move(policies), id);
  t.value = value;
  t.name = "n-" + id.substr(0, 4);
  return {t, owner};
}

// The bearer (kT1, API Tokens Write), a reader (kT2, API Tokens Read on a bucket: resources do not
// matter), a subject token of account kA (kOther).
std::vector<ApiToken> tokens() {
  return {api_token({allow({logs_res()}, {kApiWrite})}, kT1, kValue),
          api_token({allow({logs_res()}, {kApiRead})}, kT2, kReaderValue),
          api_token({allow({logs_res()}, {kItemRead})}, kOther, kSubjectValue, kA)};
}

ApiCall call(ApiEndpoint e, const std::string& bearer = kValue) {
  ApiCall c;
  c.endpoint = e;
  c.bearer = bearer;
  return c;
}

const std::string kValidBody = R"({"name":"x","policies":[{"effect":"allow","resources":{"com.cloudflare.edge.r2.bucket.)" + kA +
                               R"(_default_logs":"*"},"permission_groups":[{"id":"6a018a9f2fc74eb6b293b0c548f38b39"}]}]})";

TEST(TokenApi, SC_API_1_NoBearerIsABadAuthHeader) {
  auto c = call(ApiEndpoint::kList);
  c.bearer.reset();
  auto d = decide_api(tokens(), c, kNow);
  EXPECT_EQ(d.outcome, O::kBadAuthHeader);
  EXPECT_EQ(d.rule, "SC-API-1");
}

TEST(TokenApi, SC_API_2_UnknownDisabledExpiredOrEarlyBearerIsInvalid) {
  EXPECT_EQ(decide_api(tokens(), call(ApiEndpoint::kList, kValue2), kNow).outcome, O::kInvalidToken);
  for (int how = 0; how < 4; ++how) {
    auto ts = tokens();
    if (how == 0) ts[0].token.status = TokenStatus::kDisabled;
    if (how == 1) ts[0].token.status = TokenStatus::kExpired;
    if (how == 2) ts[0].token.expires_on = kNow;  // [not_before, expires_on): at expires_on it is over
    if (how == 3) ts[0].token.not_before = kNow + 1;
    auto d = decide_api(ts, call(ApiEndpoint::kCreate), kNow);
    EXPECT_EQ(d.outcome, O::kInvalidToken) << how;
    EXPECT_EQ(d.rule, "SC-API-2") << how;
  }
  auto ts = tokens();
  ts[0].token.expires_on = kNow + 1;
  ts[0].token.not_before = kNow;
  EXPECT_EQ(decide_api(ts, call(ApiEndpoint::kList), kNow).outcome, O::kOk);
}

TEST(TokenApi, SC_API_3_TheBearersIpConditionApplies) {
  auto ts = tokens();
  ts[0].token.condition = IpCondition{std::vector<Cidr>{parse_cidr("127.0.0.1/32").value()}, std::nullopt};
  auto c = call(ApiEndpoint::kVerify);
  c.source_ip = "127.0.0.2";
  auto d = decide_api(ts, c, kNow);
  EXPECT_EQ(d.outcome, O::kIpDenied);
  EXPECT_EQ(d.rule, "SC-API-3");
  c.source_ip = "127.0.0.1";
  EXPECT_EQ(decide_api(ts, c, kNow).outcome, O::kOk);
  ts[0].token.condition = IpCondition{std::vector<Cidr>{}, std::nullopt};  // an empty `in` admits no IP
  EXPECT_EQ(decide_api(ts, c, kNow).outcome, O::kIpDenied);
}

TEST(TokenApi, SC_API_4_ReadEndpointsNeedReadWriteEndpointsNeedWrite) {
  for (auto e : {ApiEndpoint::kList, ApiEndpoint::kGet, ApiEndpoint::kPermissionGroups}) {
    auto c = call(e, kReaderValue);
    c.subject_id = kT1;
    EXPECT_EQ(decide_api(tokens(), c, kNow).outcome, O::kOk) << to_string(e);
  }
  for (auto e : {ApiEndpoint::kCreate, ApiEndpoint::kUpdate, ApiEndpoint::kDelete, ApiEndpoint::kRoll}) {
    auto c = call(e, kReaderValue);
    c.subject_id = kT1;
    c.body = kValidBody;
    auto d = decide_api(tokens(), c, kNow);
    EXPECT_EQ(d.outcome, O::kForbidden) << to_string(e);
    EXPECT_EQ(d.rule, "SC-API-4");
  }
  // Write implies read; a deny policy holding the group wins; a token with no API group gets nothing.
  EXPECT_EQ(decide_api(tokens(), call(ApiEndpoint::kList), kNow).outcome, O::kOk);
  auto ts = tokens();
  ts[0].token.policies.push_back(deny({Resource::all_accounts()}, {kApiWrite}));
  EXPECT_EQ(decide_api(ts, call(ApiEndpoint::kList), kNow).outcome, O::kForbidden);
  EXPECT_EQ(decide_api(tokens(), call(ApiEndpoint::kList, kSubjectValue), kNow).outcome, O::kForbidden)
      << "an account-owned bearer is still a bearer, but it holds no API group";
}

TEST(TokenApi, SC_API_5_ATokenIsFoundOnlyUnderItsOwnersPath) {
  auto c = call(ApiEndpoint::kGet);
  c.subject_id = kOther;  // owned by kA
  auto d = decide_api(tokens(), c, kNow);
  EXPECT_EQ(d.outcome, O::kUnknownToken);
  EXPECT_EQ(d.rule, "SC-API-5");
  c.path_owner = kA;
  EXPECT_EQ(decide_api(tokens(), c, kNow).outcome, O::kOk);
  c.subject_id = kT2;  // a user token under the account path
  EXPECT_EQ(decide_api(tokens(), c, kNow).outcome, O::kUnknownToken);

  auto list = decide_api(tokens(), call(ApiEndpoint::kList), kNow);
  ASSERT_EQ(list.outcome, O::kOk);
  EXPECT_EQ(list.content.listed, (std::vector<std::string>{kT1, kT2}));
  EXPECT_EQ(list.content.unlisted, (std::vector<std::string>{kOther}));
  nlohmann::json leak = {{"success", true}, {"result", {{{"id", kT1}}, {{"id", kT2}}, {{"id", kOther}}}}};
  auto m = check_api_content(list, leak);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rule, "SC-API-5");
  nlohmann::json good = {{"success", true}, {"result", {{{"id", kT1}}, {{"id", kT2}}, {{"id", kT2 + "x"}}}}};
  EXPECT_FALSE(check_api_content(list, good)) << "tokens the model does not know (the target's own) may be listed";
}

TEST(TokenApi, SC_API_6_BodiesAreValidated) {
  const std::string res = R"({"com.cloudflare.edge.r2.bucket.)" + kA + R"(_default_logs":"*"})";
  auto body = [&](const std::string& policy_extra, const std::string& top_extra) {
    return R"({"name":"x",)" + top_extra + R"("policies":[{"effect":"allow","resources":)" + res +
           R"(,"permission_groups":[{"id":")" + kItemRead + R"("}])" + policy_extra + "}]}";
  };
  const std::vector<std::string> bad = {
      "not json",
      "[]",
      R"({"name":7,"policies":[]})",
      R"({"name":"x","policies":[]})",
      R"({"name":"x","policies":{}})",
      R"({"name":"x","policies":[{"effect":"allow","resources":{"com.cloudflare.edge.r2.bucket.)" + kA +
          R"(_mars_logs":"*"},"permission_groups":[{"id":")" + kItemRead + R"("}]}]})",
      R"({"name":"x","policies":[{"effect":"allow","resources":{"com.cloudflare.edge.r2.bucket.*":"*"},"permission_groups":[{"id":")" +
          kItemRead + R"("}]}]})",
      R"({"name":"x","policies":[{"effect":"allow","resources":)" + res +
          R"(,"permission_groups":[{"id":"ffffffffffffffffffffffffffffffff"}]}]})",
      body("", R"("condition":{"request_ip":{"in":["127.0.0.1"]}},)"),
      body("", R"("not_before":"2026-01-02T00:00:00Z","expires_on":"2026-01-02T00:00:00Z",)"),
      body("", R"("expires_on":12,)"),
      body("", R"("status":"disabled",)"),
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    auto c = call(ApiEndpoint::kCreate);
    c.body = bad[i];
    auto d = decide_api(tokens(), c, kNow);
    EXPECT_EQ(d.outcome, O::kBadRequest) << bad[i];
    // A refused resource names the rule of §3 it breaks: a bucket key that does not parse
    // (SC-RES-1), a top-level bucket wildcard (SC-RES-5).
    EXPECT_EQ(d.rule, i == 5 ? "SC-RES-1" : i == 6 ? "SC-RES-5" : "SC-API-6") << bad[i];
  }
  // A bucket group on the bare account form grants nothing (SC-RES-3) but is a valid body.
  auto c = call(ApiEndpoint::kCreate);
  c.body = R"({"name":"x","policies":[{"effect":"allow","resources":{"com.cloudflare.api.account.)" + kA +
           R"(":"*"},"permission_groups":[{"id":")" + kItemRead + R"("}]}]})";
  EXPECT_EQ(decide_api(tokens(), c, kNow).outcome, O::kOk);
  // Body validation comes before the id is looked up; status on update is allowed.
  auto u = call(ApiEndpoint::kUpdate);
  u.subject_id = kT2 + "0";
  u.body = "{}";
  EXPECT_EQ(decide_api(tokens(), u, kNow).outcome, O::kBadRequest);
  u.body = body("", R"("status":"disabled",)");
  EXPECT_EQ(decide_api(tokens(), u, kNow).outcome, O::kUnknownToken);
}

TEST(TokenApi, SC_API_7_OnlyCreateAndRollRevealAValue) {
  auto create = call(ApiEndpoint::kCreate);
  create.body = kValidBody;
  auto d = decide_api(tokens(), create, kNow);
  ASSERT_EQ(d.outcome, O::kOk);
  EXPECT_EQ(d.rule, "SC-API-7");
  auto stored = emit_token(*d.content.token);
  stored["id"] = std::string(32, 'c');
  EXPECT_TRUE(check_api_content(d, {{"success", true}, {"result", stored}})) << "create without a value";
  stored["value"] = kValue2;
  EXPECT_FALSE(check_api_content(d, {{"success", true}, {"result", stored}}));

  auto get = call(ApiEndpoint::kGet);
  get.subject_id = kT2;
  auto g = decide_api(tokens(), get, kNow);
  ASSERT_EQ(g.outcome, O::kOk);
  auto shown = emit_token(tokens()[1].token);
  auto m = check_api_content(g, {{"success", true}, {"result", shown}});
  ASSERT_TRUE(m) << "GET showed the value";
  EXPECT_EQ(m->rule, "SC-API-7");
  shown.erase("value");
  EXPECT_FALSE(check_api_content(g, {{"success", true}, {"result", shown}}));
  shown["name"] = "renamed";
  EXPECT_TRUE(check_api_content(g, {{"success", true}, {"result", shown}})) << "not as stored";

  auto roll = call(ApiEndpoint::kRoll);
  roll.subject_id = kT2;
  auto r = decide_api(tokens(), roll, kNow);
  EXPECT_TRUE(check_api_content(r, {{"success", true}, {"result", kReaderValue}})) << "the old value";
  EXPECT_FALSE(check_api_content(r, {{"success", true}, {"result", kValue2}}));

  // Update without a status keeps the current one.
  auto ts = tokens();
  ts[1].token.status = TokenStatus::kDisabled;
  auto up = call(ApiEndpoint::kUpdate);
  up.subject_id = kT2;
  up.body = kValidBody;
  auto u = decide_api(ts, up, kNow);
  ASSERT_EQ(u.outcome, O::kOk);
  EXPECT_EQ(u.content.token->status, TokenStatus::kDisabled);
}

TEST(TokenApi, SC_API_8_VerifyIsSuccessOnlyForAnActiveBearer) {
  auto d = decide_api(tokens(), call(ApiEndpoint::kVerify, kSubjectValue), kNow);
  EXPECT_EQ(d.outcome, O::kInvalidToken) << "an account's token verified on the user path";
  EXPECT_EQ(d.rule, "SC-API-8");
  auto v = call(ApiEndpoint::kVerify, kReaderValue);
  auto ok = decide_api(tokens(), v, kNow);
  ASSERT_EQ(ok.outcome, O::kOk);
  EXPECT_FALSE(check_api_content(ok, {{"success", true}, {"result", {{"id", kT2}, {"status", "active"}}}}));
  EXPECT_TRUE(check_api_content(ok, {{"success", true}, {"result", {{"id", kT1}, {"status", "active"}}}}));
  auto ts = tokens();
  ts[1].token.status = TokenStatus::kDisabled;
  auto off = decide_api(ts, v, kNow);
  EXPECT_EQ(off.outcome, O::kInvalidToken);
  EXPECT_EQ(off.rule, "SC-API-8");
  ts = tokens();
  ts[1].token.expires_on = kNow - 1;
  EXPECT_EQ(decide_api(ts, v, kNow).outcome, O::kInvalidToken);
}

TEST(TokenApi, R2ProfileDeclaresTheTokenApiWire) {
  auto p = load_profile(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/profiles/r2.json");
  ASSERT_TRUE(p) << p.error().message();
  for (auto c : all_api_outcomes()) EXPECT_FALSE(expected_api_wire(*p, c).statuses.empty()) << to_string(c);
  EXPECT_EQ(expected_api_wire(*p, O::kInvalidToken), (ApiWireAnswer{{401}, {1000}}));
  EXPECT_EQ(expected_api_wire(*p, O::kBadRequest).codes, std::vector<int>{}) << "Cloudflare's codes are unpublished";
}

}  // namespace
}  // namespace scopecheck::model
