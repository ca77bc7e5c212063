// The token codec: every malformed shape of TOKEN-API.md's error table is rejected with a field
// path and a stable message (asserted verbatim); emit → parse is the identity on valid tokens.
#include "harness/model/token_codec.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

using nlohmann::json;
using K = CodecErrorKind;

const std::string kBucketKey = "com.cloudflare.edge.r2.bucket." + kA + "_default_logs";
const std::string kAccountKey = "com.cloudflare.api.account." + kA;

json good_body() {
  return {{"name", "ci token"},
          {"policies",
           json::array({{{"effect", "allow"},
                         {"resources", {{kBucketKey, "*"}}},
                         {"permission_groups", json::array({{{"id", kItemRead}}})}}})}};
}

struct Row {
  std::string what;
  std::function<void(json&)> mutate;  // applied to good_body()
  K kind;
  std::string message;  // verbatim
};

TEST(TokenCodec, SC_RES_5_and_TOKEN_API_error_table) {
  const std::vector<Row> rows = {
      {"missing name", [](json& j) { j.erase("name"); }, K::kMissingField, "name: missing required field"},
      {"missing policies", [](json& j) { j.erase("policies"); }, K::kMissingField, "policies: missing required field"},
      {"name of the wrong type", [](json& j) { j["name"] = 5; }, K::kWrongType, "name: must be a string"},
      {"empty name", [](json& j) { j["name"] = ""; }, K::kOutOfRange, "name: must be 1-120 chars"},
      {"name too long", [](json& j) { j["name"] = std::string(121, 'n'); }, K::kOutOfRange, "name: must be 1-120 chars"},
      {"policies not an array", [](json& j) { j["policies"] = json::object(); }, K::kWrongType, "policies: must be an array"},
      {"policy not an object", [](json& j) { j["policies"][0] = "allow"; }, K::kWrongType, "policies[0]: must be an object"},
      {"effect out of range", [](json& j) { j["policies"][0]["effect"] = "permit"; }, K::kOutOfRange,
       "policies[0].effect: must be \"allow\" or \"deny\""},
      {"missing effect", [](json& j) { j["policies"][0].erase("effect"); }, K::kMissingField,
       "policies[0].effect: missing required field"},
      {"status out of range", [](json& j) { j["status"] = "paused"; }, K::kOutOfRange,
       "status: must be \"active\", \"disabled\" or \"expired\""},
      {"unknown permission-group id", [](json& j) { j["policies"][0]["permission_groups"][0]["id"] = kA; },
       K::kUnknownPermissionGroup, "policies[0].permission_groups[0].id: unknown permission group " + kA},
      {"permission group without id", [](json& j) { j["policies"][0]["permission_groups"][0] = json::object(); },
       K::kMissingField, "policies[0].permission_groups[0].id: missing required field"},
      {"SC-RES-5: malformed resource key (second policy)",
       [](json& j) {
         j["policies"].push_back(j["policies"][0]);
         j["policies"][1]["resources"] = {{"com.cloudflare.edge.r2.bucket.x", "*"}};
       },
       K::kMalformedResource,
       "policies[1].resources[\"com.cloudflare.edge.r2.bucket.x\"]: malformed bucket resource: account must be 32 hex chars"},
      {"SC-RES-5: bad jurisdiction", [](json& j) {
         j["policies"][0]["resources"] = {{"com.cloudflare.edge.r2.bucket." + kA + "_us_logs", "*"}};
       }, K::kMalformedResource,
       "policies[0].resources[\"com.cloudflare.edge.r2.bucket." + kA +
           "_us_logs\"]: malformed bucket resource: jurisdiction must be default, eu or fedramp"},
      {"SC-RES-5: empty resources", [](json& j) { j["policies"][0]["resources"] = json::object(); }, K::kEmptyResources,
       "policies[0].resources: must not be empty"},
      {"SC-RES-5: nested value other than *",
       [](json& j) { j["policies"][0]["resources"] = {{kAccountKey, {{"com.cloudflare.edge.r2.bucket.*", "read"}}}}; },
       K::kNestedValueNotStar,
       "policies[0].resources[\"" + kAccountKey + "\"][\"com.cloudflare.edge.r2.bucket.*\"]: nested value must be \"*\""},
      {"SC-RES-5: empty nested object", [](json& j) { j["policies"][0]["resources"] = {{kAccountKey, json::object()}}; },
       K::kEmptyResources, "policies[0].resources[\"" + kAccountKey + "\"]: must not be empty"},
      {"SC-RES-5: top-level value other than *", [](json& j) { j["policies"][0]["resources"] = {{kBucketKey, "read"}}; },
       K::kOutOfRange, "policies[0].resources[\"" + kBucketKey + "\"]: value must be \"*\" or an object"},
      {"SC-RES-5: top-level com.cloudflare.edge.r2.bucket.*",
       [](json& j) { j["policies"][0]["resources"] = {{"com.cloudflare.edge.r2.bucket.*", "*"}}; }, K::kMalformedResource,
       "policies[0].resources[\"com.cloudflare.edge.r2.bucket.*\"]: com.cloudflare.edge.r2.bucket.* must be nested under an "
       "account"},
      {"SC-RES-5: nested key that is not a wildcard",
       [](json& j) { j["policies"][0]["resources"] = {{kAccountKey, {{kBucketKey, "*"}}}}; }, K::kMalformedResource,
       "policies[0].resources[\"" + kAccountKey + "\"][\"" + kBucketKey +
           "\"]: malformed nested resource: expected com.cloudflare.edge.r2.bucket.* or com.cloudflare.api.account.zone.*"},
      {"SC-RES-5: nested under every account",
       [](json& j) {
         j["policies"][0]["resources"] = {{"com.cloudflare.api.account.*", {{"com.cloudflare.edge.r2.bucket.*", "*"}}}};
       },
       K::kMalformedResource,
       "policies[0].resources[\"com.cloudflare.api.account.*\"]: nested resources need a specific account"},
      {"malformed CIDR", [](json& j) { j["condition"] = {{"request_ip", {{"in", {"10.0.0.0"}}}}}; }, K::kMalformedCidr,
       "condition.request_ip.in[0]: malformed CIDR: missing /prefix"},
      {"malformed CIDR under request.ip", [](json& j) { j["condition"] = {{"request.ip", {{"not_in", {"10.0.0.0/8", "x/1"}}}}}; },
       K::kMalformedCidr, "condition[\"request.ip\"].not_in[1]: malformed CIDR: not an IPv4 or IPv6 address"},
      {"CIDR list of the wrong type", [](json& j) { j["condition"] = {{"request_ip", {{"in", "10.0.0.0/8"}}}}; },
       K::kWrongType, "condition.request_ip.in: must be an array of CIDR strings"},
      {"both condition keys", [](json& j) {
         j["condition"] = {{"request_ip", json::object()}, {"request.ip", json::object()}};
       }, K::kOutOfRange, "condition: give request_ip or request.ip, not both"},
      {"malformed expires_on", [](json& j) { j["expires_on"] = "tomorrow"; }, K::kMalformedTimestamp,
       "expires_on: must be an RFC 3339 timestamp like 2026-01-02T03:04:05Z"},
      {"not_before == expires_on", [](json& j) {
         j["not_before"] = "2026-01-01T00:00:00Z";
         j["expires_on"] = "2026-01-01T00:00:00Z";
       }, K::kWindowInverted, "not_before: must be before expires_on"},
      {"not_before > expires_on", [](json& j) {
         j["not_before"] = "2026-01-02T00:00:00Z";
         j["expires_on"] = "2026-01-01T00:00:00Z";
       }, K::kWindowInverted, "not_before: must be before expires_on"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    json j = good_body();
    row.mutate(j);
    auto t = parse_token(j.dump(), TokenShape::kCreateBody);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().kind, row.kind);
    EXPECT_EQ(t.error().message(), row.message);
  }
}

TEST(TokenCodec, NotJson) {
  auto t = parse_token("{\"name\": ", TokenShape::kCreateBody);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, K::kNotJson);
  EXPECT_EQ(t.error().message(), "not JSON: line 1, column 10: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  EXPECT_EQ(parse_token("[]", TokenShape::kCreateBody).error().message(), "must be an object");
  EXPECT_EQ(parse_token("", TokenShape::kCreateBody).error().kind, K::kNotJson);
}

TEST(TokenCodec, ShapesRequireTheirFields) {
  json j = good_body();
  EXPECT_TRUE(parse_token(j.dump(), TokenShape::kCreateBody).ok());
  EXPECT_EQ(parse_token(j.dump(), TokenShape::kTokenObject).error().message(), "id: missing required field");
  j["id"] = "ABC";
  EXPECT_EQ(parse_token(j.dump(), TokenShape::kTokenObject).error().message(), "id: must be 32 lowercase hex chars");
  json world = {{"id", kT1}, {"value", kValue}, {"policies", good_body()["policies"]}};
  EXPECT_TRUE(parse_token(world.dump(), TokenShape::kWorldToken).ok());
  world.erase("value");
  EXPECT_EQ(parse_token(world.dump(), TokenShape::kWorldToken).error().message(), "value: missing required field");
  world["value"] = "short";
  EXPECT_EQ(parse_token(world.dump(), TokenShape::kWorldToken).error().message(), "value: must be 40-80 chars");
}

TEST(TokenCodec, AcceptsBothConditionKeysAndEmitsRequestIp) {
  json j = good_body();
  j["condition"] = {{"request.ip", {{"in", {"10.0.0.0/8", "2001:db8::/32"}}, {"not_in", {"10.1.0.0/16"}}}}};
  auto legacy = parse_token(j.dump(), TokenShape::kCreateBody);
  ASSERT_TRUE(legacy.ok());
  j["condition"] = {{"request_ip", j["condition"]["request.ip"]}};
  auto current = parse_token(j.dump(), TokenShape::kCreateBody);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(*legacy, *current);
  json out = emit_token(*legacy);
  EXPECT_TRUE(out["condition"].contains("request_ip"));
  EXPECT_FALSE(out["condition"].contains("request.ip"));
  EXPECT_EQ(out["condition"]["request_ip"]["in"][1], "2001:db8::/32");
}

TEST(TokenCodec, EmitsTheNestedFormAndParsesItBack) {
  Token t = token({allow({Resource::account_buckets(kA), logs_res(), Resource::account(kB)}, {kItemRead, kStorageRead})});
  t.name = "n";
  t.status = TokenStatus::kDisabled;
  t.not_before = kNow;
  t.expires_on = kNow + 60;
  t.condition = IpCondition{std::vector<Cidr>{}, std::nullopt};
  json out = emit_token(t);
  EXPECT_EQ(out["policies"][0]["resources"][kAccountKey], json({{"com.cloudflare.edge.r2.bucket.*", "*"}}));
  EXPECT_EQ(out["policies"][0]["permission_groups"][0]["name"], "Workers R2 Storage Bucket Item Read");
  EXPECT_EQ(out["not_before"], "2026-11-29T03:00:00Z");
  auto back = parse_token(out.dump(), TokenShape::kWorldToken);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, t);
}

TEST(TokenCodec, ErrorKindLabelsAreStable) {
  const std::vector<std::pair<K, std::string>> rows = {
      {K::kNotJson, "not JSON"},
      {K::kMissingField, "missing required field"},
      {K::kWrongType, "wrong type"},
      {K::kOutOfRange, "value out of range"},
      {K::kUnknownPermissionGroup, "unknown permission group"},
      {K::kMalformedResource, "malformed resource"},
      {K::kMalformedCidr, "malformed CIDR"},
      {K::kMalformedTimestamp, "malformed timestamp"},
      {K::kWindowInverted, "not_before must be before expires_on"},
      {K::kEmptyResources, "empty resources"},
      {K::kNestedValueNotStar, "nested value must be \"*\""},
      {K::kUnknownReference, "unknown reference"},
  };
  for (const auto& [k, text] : rows) EXPECT_EQ(message(k), text);
}

// Total: any byte string, and any small JSON document, gives a token or a CodecError (no throw).
RC_GTEST_PROP(TokenCodec, ParseIsTotal, (const std::string& text)) {
  auto t = parse_token(text, TokenShape::kCreateBody);
  const bool t_fine = t.ok() || !t.error().message().empty();  // RC_ASSERT would not short-circuit ||
  RC_ASSERT(t_fine);
  json j = good_body();
  const int field = *rc::gen::inRange(0, 4);
  const json junk = *rc::gen::element(json(nullptr), json(1), json("x"), json::array(), json::object(), json(true));
  if (field == 0) j["name"] = junk;
  if (field == 1) j["policies"][0]["resources"][kBucketKey] = junk;
  if (field == 2) j["policies"][0]["permission_groups"][0] = junk;
  if (field == 3) j["condition"] = {{"request_ip", {{"in", junk}}}};
  auto u = parse_token(j.dump(), TokenShape::kCreateBody);
  const bool u_fine = u.ok() || !u.error().path.empty();
  RC_ASSERT(u_fine);
}

}  // namespace
}  // namespace scopecheck::model::test
