#include "harness/model/world_codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

using nlohmann::json;

const std::string kCompact = R"({
  "now": "2026-11-29T03:00:00Z",
  "accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"],
  "buckets": ["logs", "eu:logs", "0123456789abcdef0123456789abcdef_default_logs",
              {"name": "src", "objects": ["s.txt"], "cors": true}],
  "uploads": [{"bucket": "logs", "key": "big", "upload_id": "u1"}],
  "tokens": [{"id": "ed17574386854bf78a67040be0a770b0", "value": "m7Jq3kP9xV2tR8wL5nB1cF6hD4gS0aZyXeUoIiQp",
              "policies": [{"effect": "allow",
                            "resources": {"com.cloudflare.edge.r2.bucket.4793d734c0b8e484dfc37ec392b5fa8a_default_logs": "*"},
                            "permission_groups": [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]}]}]
})";

TEST(WorldCodec, CompactFormsExpand) {
  auto w = parse_world(kCompact);
  ASSERT_TRUE(w.ok()) << w.error().message();
  EXPECT_EQ(w->now, kNow);
  EXPECT_EQ(w->accounts, (std::vector<std::string>{kA, kB}));
  ASSERT_EQ(w->buckets.size(), 4u);
  EXPECT_EQ(w->buckets[1].ref, (BucketRef{kA, Jurisdiction::kEu, "logs"}));
  EXPECT_EQ(w->buckets[2].ref, (BucketRef{kB, Jurisdiction::kDefault, "logs"}));
  EXPECT_TRUE(w->buckets[3].objects.count("s.txt"));
  EXPECT_TRUE(w->buckets[3].cors);
  EXPECT_FALSE(w->buckets[3].lifecycle);
  ASSERT_EQ(w->uploads.size(), 1u);
  EXPECT_EQ(w->uploads[0].bucket.name, "logs");
  ASSERT_EQ(w->tokens.size(), 1u);
  EXPECT_FALSE(w->tokens[0].name.has_value());
  auto back = parse_world_json(emit_world(*w));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, *w);
}

TEST(WorldCodec, ErrorsNameTheField) {
  struct Row {
    std::string text;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"{", "not JSON: line 1, column 2: syntax error while parsing object key - unexpected end of input; expected string literal"},
      {"[]", "a world must be a JSON object"},
      {R"({"buckets": ["logs"]})", "buckets[0]: a short bucket form needs accounts[0]"},
      {R"({"accounts": ["x"]})", "accounts[0]: must be 32 lowercase hex chars"},
      {R"({"accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"], "buckets": ["Logs"]})", "buckets[0]: invalid bucket name 'Logs'"},
      {R"({"accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"], "buckets": [{"name": "logs", "jurisdiction": "us"}]})",
       "buckets[0].jurisdiction: must be default, eu or fedramp"},
      {R"({"accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"], "buckets": ["logs", "logs"]})", "buckets[1]: duplicate bucket"},
      {R"({"accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"], "uploads": [{"bucket": "logs", "key": "k", "upload_id": "u"}]})",
       "uploads[0].bucket: no such bucket in buckets"},
      {R"({"tokens": [{"id": "ed17574386854bf78a67040be0a770b0", "policies": []}]})", "tokens[0].value: missing required field"},
      {R"({"tokens": [{"id": "ed17574386854bf78a67040be0a770b0", "value": "m7Jq3kP9xV2tR8wL5nB1cF6hD4gS0aZyXeUoIiQp",
           "policies": [{"effect": "allow", "resources": {}, "permission_groups": []}]}]})",
       "tokens[0].policies[0].resources: must not be empty"},
      {R"({"accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"], "buckets": [{"name": "logs", "cors": "yes"}]})",
       "buckets[0].cors: must be true or false"},
      {R"({"now": "yesterday"})", "now: must be an RFC 3339 timestamp like 2026-01-02T03:04:05Z"},
  };
  for (const Row& r : rows) {
    auto w = parse_world(r.text);
    ASSERT_FALSE(w.ok()) << r.text;
    EXPECT_EQ(w.error().message(), r.message);
  }
}

TEST(WorldCodec, RequestDefaultsAndClassification) {
  auto w = parse_world(kCompact);
  ASSERT_TRUE(w.ok());
  auto r = parse_request(R"({"operation": "GetObject", "bucket": "logs", "key": "a", "access_key_id": "k"})", *w);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->account, kA);
  EXPECT_EQ(r->jurisdiction, Jurisdiction::kDefault);
  EXPECT_EQ(r->auth, AuthKind::kHeader);
  EXPECT_EQ(r->secret, SecretUsed::kCurrent);
  EXPECT_EQ(r->region, "auto");
  EXPECT_FALSE(r->amz_date.has_value());
  EXPECT_EQ(format_ip(r->source_ip), "127.0.0.1");

  auto c = parse_request(R"({"method": "PUT", "bucket": "logs", "key": "big", "query": {"uploadId": "u1", "partNumber": "1"},
                             "copy_source": {"bucket": "src", "key": "s.txt"}, "access_key_id": "k"})", *w);
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->operation, Operation::kUploadPartCopy);
  auto d = parse_request(R"({"method": "POST", "bucket": "logs", "query": {"delete": ""}, "access_key_id": "k"})", *w);
  EXPECT_EQ(d->operation, Operation::kDeleteObjects);

  auto full = parse_request(R"({"operation": "PutObject", "bucket": "logs", "key": "a", "auth": "presigned",
      "access_key_id": "k", "secret": "old-rolled", "region": "", "defects": ["tampered", "streaming"],
      "amz_date": "20261129T025000Z", "expires": 60, "source_ip": "::ffff:10.0.0.1", "jurisdiction": "eu"})", *w);
  ASSERT_TRUE(full.ok()) << full.error().message();
  EXPECT_TRUE(full->defects.tampered && full->defects.streaming && !full->defects.unsigned_header);
  EXPECT_EQ(full->amz_date, kNow - 600);
  auto back = parse_request_json(emit_request(*full), *w);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, *full);
}

TEST(WorldCodec, RequestErrorsNameTheField) {
  World w;
  w.accounts = {kA};
  struct Row {
    std::string text, message;
  };
  for (const Row& r : std::vector<Row>{
           {R"({"bucket": "logs"})", "operation: missing required field (or give method)"},
           {R"({"operation": "Fetch", "access_key_id": "k"})", "operation: unknown operation 'Fetch'"},
           {R"({"operation": "GetObject"})", "access_key_id: missing required field"},
           {R"({"operation": "GetObject", "access_key_id": "k", "auth": "basic"})",
            "auth: must be header, presigned, anonymous or sigv2"},
           {R"({"operation": "GetObject", "access_key_id": "k", "defects": ["bent"]})", "defects[0]: unknown defect"},
           {R"({"operation": "GetObject", "access_key_id": "k", "source_ip": "10.0.0.0/8"})",
            "source_ip: not an IPv4 or IPv6 address"},
           {R"({"operation": "GetObject", "access_key_id": "k", "secret": "wrong"})",
            "secret: must be current, old-rolled, raw-value, other-token or garbage"},
           {R"({"operation": "GetObject", "access_key_id": "k", "account": "A"})", "account: must be 32 lowercase hex chars"},
       }) {
    auto q = parse_request(r.text, w);
    ASSERT_FALSE(q.ok()) << r.text;
    EXPECT_EQ(q.error().message(), r.message);
  }
  EXPECT_TRUE(parse_request(R"({"operation": "ListBuckets", "auth": "anonymous"})", w).ok());
}

TEST(WorldCodec, ShippedExamplePairDecides) {
  auto read = [](const std::string& rel) {
    std::ifstream in(std::string(SCOPECHECK_SOURCE_DIR) + "/" + rel);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  };
  auto w = parse_world(read("scenarios/examples/model/world.json"));
  ASSERT_TRUE(w.ok()) << w.error().message();
  auto r = parse_request(read("scenarios/examples/model/request.json"), *w);
  ASSERT_TRUE(r.ok()) << r.error().message();
  Decision d = decide(*w, *r, *w->now);
  EXPECT_EQ(to_string(d.outcome), "access-denied");  // a read-only token writing
}

}  // namespace
}  // namespace scopecheck::model::test
