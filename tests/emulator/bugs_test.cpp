// Every seeded bug of MUTANTS.md changes the answer to at least one request, and without
// --inject that request gets the spec's answer (one table, one probe per bug).
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "emulator/bugs.h"
#include "tests/emulator/test_client.h"

namespace scopecheck::emulator::testing {
namespace {
using nlohmann::json;

S3Call call(const std::string& method, const std::string& target, const std::string& body = "") {
  S3Call c;
  c.method = method;
  c.target = target;
  c.body = body;
  return c;
}

Token reader_of(TestEmulator& t, const std::string& bucket, json extra = json::object()) {
  return t.create_token({policy("allow", bucket_resource(bucket), {kItemRead})}, extra);
}

constexpr const char* kApiRead = "0cc3a61731504c89b99ec1be78b77aa0";

// A token holding an API Tokens group on the user (the bootstrap token's form).
Token api_holder(TestEmulator& t, const char* group, json extra = json::object()) {
  return t.create_token({policy("allow", {{std::string("com.cloudflare.api.user.") + kAcct, "*"}}, {group})}, extra);
}

struct MutantCase {
  const char* name;
  int spec_status;  // the answer without the bug
  std::function<Reply(TestEmulator&)> probe;
  // Listing-content bugs answer the same status: what the buggy answer shows and the clean one
  // does not.
  const char* leak = nullptr;
};

std::vector<MutantCase> cases() {
  const std::string acct_key = std::string("com.cloudflare.api.account.") + kAcct;
  return {
      {"bucket-prefix-match", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.make_bucket("logs-archive");
         return t.s3(reader_of(t, "logs"), call("GET", "/logs-archive"));
       }},
      {"jurisdiction-ignored", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs", "eu");
         S3Call c = call("GET", "/logs");
         c.host = host_for("eu", t.emu().s3_port());
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"account-ignored", 403,
       [](TestEmulator& t) {
         S3Call mk = call("PUT", "/logs");
         mk.host = host_for("default", t.emu().s3_port(), "", kOtherAcct);
         t.s3(t.admin(), mk);
         S3Call c = call("GET", "/logs");
         c.host = mk.host;
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"bucket-case-fold", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         return t.s3(reader_of(t, "logs"), call("GET", "/LOGS"));
       }},
      {"scope-type-ignored", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = t.create_token({policy("allow", bucket_resource("logs"), {kStorageRead})});
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"object-token-lists-buckets", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         return t.s3(reader_of(t, "logs"), call("GET", "/"));
       }},
      {"object-write-admin", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = t.create_token({policy("allow", bucket_resource("logs"), {kItemWrite})});
         return t.s3(tok, call("PUT", "/logs?cors",
                               "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET"
                               "</AllowedMethod></CORSRule></CORSConfiguration>"));
       }},
      {"read-allows-delete", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.put("logs", "k", "v");
         return t.s3(reader_of(t, "logs"), call("DELETE", "/logs/k"));
       }},
      {"head-as-write", 200,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.put("logs", "k", "v");
         return t.s3(reader_of(t, "logs"), call("HEAD", "/logs/k"));
       }},
      {"copy-source-unchecked", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.make_bucket("secret");
         t.put("secret", "k", "v");
         auto tok = t.create_token({policy("allow", bucket_resource("logs"), {kItemWrite})});
         S3Call c = call("PUT", "/logs/copy");
         c.headers = {{"x-amz-copy-source", "/secret/k"}};
         return t.s3(tok, c);
       }},
      {"multipart-sticky", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto init = t.s3(t.admin(), call("POST", "/logs/mp?uploads"));
         pugi::xml_document doc;
         doc.load_string(init.body.c_str());
         std::string id = doc.child("InitiateMultipartUploadResult").child_value("UploadId");
         return t.s3(reader_of(t, "logs"), call("PUT", "/logs/mp?partNumber=1&uploadId=" + id, "x"));
       }},
      {"deny-ignored", 403,
       [acct_key](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = t.create_token({policy("allow", {{acct_key, {{"com.cloudflare.edge.r2.bucket.*", "*"}}}}, {kItemRead}),
                                    policy("deny", bucket_resource("logs"), {kItemRead})});
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"deny-first-match", 403,
       [acct_key](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = t.create_token({policy("allow", {{acct_key, {{"com.cloudflare.edge.r2.bucket.*", "*"}}}}, {kItemRead}),
                                    policy("deny", bucket_resource("logs"), {kItemRead})});
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"expiry-inclusive", 401,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = reader_of(t, "logs", {{"expires_on", "2026-01-01T00:00:10Z"}});
         t.advance(10);
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"not-before-ignored", 401,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         return t.s3(reader_of(t, "logs", {{"not_before", "2026-01-01T01:00:00Z"}}), call("GET", "/logs"));
       }},
      {"disabled-accepted", 401,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = reader_of(t, "logs");
         t.api("PUT", "/user/tokens/" + tok.id,
               {{"name", "n"}, {"policies", {policy("allow", bucket_resource("logs"), {kItemRead})}}, {"status", "disabled"}});
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"stale-after-update", 401,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = reader_of(t, "logs");
         t.api("DELETE", "/user/tokens/" + tok.id);
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"roll-keeps-old-secret", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = reader_of(t, "logs");
         t.api("PUT", "/user/tokens/" + tok.id + "/value", json::object());
         return t.s3(tok, call("GET", "/logs"));
       }},
      {"ip-not-in-ignored", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         return t.s3(reader_of(t, "logs", {{"condition", {{"request_ip", {{"not_in", {"127.0.0.1/32"}}}}}}}),
                     call("GET", "/logs"));
       }},
      {"ip-empty-in-allows", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         return t.s3(reader_of(t, "logs", {{"condition", {{"request_ip", {{"in", json::array()}}}}}}),
                     call("GET", "/logs"));
       }},
      {"presign-expiry-unchecked", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.presign_expires = 60;
         c.time_offset = std::chrono::seconds(-120);
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"presign-expires-unbounded", 400,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.presign_expires = 604801;
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"skew-unchecked", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.time_offset = std::chrono::seconds(3600);
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"unsigned-header-accepted", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.tamper = [](sigv4::HttpRequest& r) { r.headers.emplace_back("x-amz-meta-unsigned", "1"); };
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"scope-region-unchecked", 400,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.region = "eu-west-1";
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"signature-prefix-compare", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.tamper = [](sigv4::HttpRequest& r) {
           for (auto& [k, v] : r.headers)
             if (k == "Authorization" || k == "authorization") v.back() = v.back() == '0' ? '1' : '0';
         };
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"payload-hash-unchecked", 400,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         auto tok = t.create_token({policy("allow", bucket_resource("logs"), {kItemWrite})});
         S3Call c = call("PUT", "/logs/k", "body");
         c.payload_hash = std::string(64, '0');
         return t.s3(tok, c);
       }},
      {"existence-leak", 403,
       [](TestEmulator& t) { return t.s3(reader_of(t, "logs"), call("GET", "/ghost/k")); }},
      {"list-buckets-all-jurisdictions", 200,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.make_bucket("eu-only", "eu");
         S3Call c = call("GET", "/");
         return t.s3(t.admin(), c);
       },
       "<Name>eu-only</Name>"},
      {"list-objects-sibling-buckets", 200,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.make_bucket("logs-archive");
         t.put("logs", "a.txt", "a");
         t.put("logs-archive", "secret.txt", "s");
         return t.s3(reader_of(t, "logs"), call("GET", "/logs?list-type=2"));
       },
       "<Key>secret.txt</Key>"},
      {"vhost-path-confusion", 403,
       [](TestEmulator& t) {
         t.make_bucket("private");
         t.put("private", "public/x", "secret");
         S3Call c = call("GET", "/public/x");
         c.host = host_for("default", t.emu().s3_port(), "private");
         return t.s3(reader_of(t, "public"), c);
       }},
      // The token API (SCOPING §11).
      {"api-read-writes", 403,
       [](TestEmulator& t) {
         auto reader = api_holder(t, kApiRead);
         return t.api("POST", "/user/tokens", {{"name", "x"}, {"policies", {policy("allow", bucket_resource("logs"), {kItemRead})}}},
                      reader.value);
       }},
      {"api-owner-ignored", 404,
       [](TestEmulator& t) {
         auto user_token = reader_of(t, "logs");  // owned by the user: not under an account's path
         return t.api("GET", std::string("/accounts/") + kAcct + "/tokens/" + user_token.id);
       }},
      {"api-ip-unchecked", 403,
       [](TestEmulator& t) {
         auto limited = api_holder(t, kApiRead, {{"condition", {{"request_ip", {{"in", {"127.0.0.2/32"}}}}}}});
         return t.api("GET", "/user/tokens", nullptr, limited.value, "127.0.0.1");
       }},
      {"api-get-reveals-value", 200,
       [](TestEmulator& t) {
         auto some = reader_of(t, "logs");
         Reply r = t.api("GET", "/user/tokens/" + some.id);
         // The probe's answer: 500 when the token object shows its value (no status tells it).
         if (r.status == 200 && r.json()["result"].contains("value")) r.status = 500;
         return r;
       }},
      {"verify-inactive-active", 401,
       [](TestEmulator& t) {
         auto off = api_holder(t, kApiRead);
         t.api("PUT", "/user/tokens/" + off.id,
               {{"name", "off"}, {"status", "disabled"},
                {"policies", {policy("allow", {{std::string("com.cloudflare.api.user.") + kAcct, "*"}}, {kApiRead})}}});
         return t.api("GET", "/user/tokens/verify", nullptr, off.value);
       }},
      // What a signature binds (SIGV4.md, post-signing perturbations).
      {"method-unbound", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         t.put("logs", "a.txt", "a");
         // A GET signed for reading, replayed as DELETE.
         S3Call c = call("GET", "/logs/a.txt");
         c.tamper = [](sigv4::HttpRequest& r) { r.method = "DELETE"; };
         return t.s3(t.create_token({policy("allow", bucket_resource("logs"), {kItemWrite})}), c);
       }},
      {"query-extra-unbound", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs?list-type=2");
         c.tamper = [](sigv4::HttpRequest& r) { r.target += "&scopecheck-tampered=1"; };
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"host-unsigned-accepted", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.host_unsigned = true;  // the signature binds no host: it would serve any bucket's endpoint
         return t.s3(reader_of(t, "logs"), c);
       }},
      {"presign-unsigned-amz-accepted", 403,
       [](TestEmulator& t) {
         t.make_bucket("logs");
         S3Call c = call("GET", "/logs");
         c.presign_expires = 600;
         c.tamper = [](sigv4::HttpRequest& r) { r.headers.emplace_back("x-amz-meta-unsigned", "1"); };
         return t.s3(reader_of(t, "logs"), c);
       }},
  };
}

TEST(Bugs, EveryMutantOfTheCatalogueHasAProbe) {
  auto all = cases();
  EXPECT_EQ(all.size(), static_cast<size_t>(kBugCount));
  for (Bug b : all_bugs()) {
    bool found = false;
    for (const auto& c : all) found = found || c.name == bug_name(b);
    EXPECT_TRUE(found) << bug_name(b);
  }
}

TEST(Bugs, EachInjectedBugChangesTheAnswerAndTheCleanEmulatorAnswersPerSpec) {
  for (const auto& c : cases()) {
    Reply clean, buggy;
    {
      TestEmulator t;
      clean = c.probe(t);
    }
    {
      EmulatorConfig cfg;
      cfg.inject = {c.name};
      TestEmulator t(cfg);
      buggy = c.probe(t);
    }
    EXPECT_EQ(clean.status, c.spec_status) << c.name << ": " << clean.body;
    if (c.leak) {
      EXPECT_EQ(clean.body.find(c.leak), std::string::npos) << c.name << ": " << clean.body;
      EXPECT_NE(buggy.body.find(c.leak), std::string::npos) << c.name << ": " << buggy.body;
      continue;
    }
    EXPECT_TRUE(clean.status != buggy.status || clean.code() != buggy.code())
        << c.name << ": both answered " << clean.status << " " << clean.code();
  }
}

TEST(Bugs, NamesRoundTripAndUnknownNamesAreRejected) {
  for (Bug b : all_bugs()) EXPECT_EQ(parse_bug(bug_name(b)), b);
  EXPECT_FALSE(parse_bug("no-such-bug").has_value());
  EmulatorConfig cfg;
  cfg.inject = {"no-such-bug"};
  EXPECT_THROW(Emulator{cfg}, ConfigError);
}

}  // namespace
}  // namespace scopecheck::emulator::testing
