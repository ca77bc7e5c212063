// The request builder's post-signing perturbations (SIGV4.md, "Post-signing perturbations"): each
// really changes the bytes sent — asserted on the request itself and by the SigV4 verifier the
// emulator uses — and states what changed as facts, never the outcome.
#include "harness/scenario/wire.h"

#include <gtest/gtest.h>

#include "harness/sigv4/verify.h"
#include "harness/targets/emulator_target.h"

namespace scopecheck::scenario {
namespace {

const std::string kAcct = "4793d734c0b8e484dfc37ec392b5fa8a";
const std::string kOther = "0123456789abcdef0123456789abcdef";
constexpr int64_t kNow = 1795921200;  // 2026-11-29T03:00:00Z

struct Fixture {
  World world;
  targets::EmulatorTarget target{targets::EmulatorTargetOptions{}};
  std::map<std::string, targets::TokenCredentials> creds{{"t0", {"ed17574386854bf78a67040be0a770b0", "a-token-value", ""}}};
  std::map<int, std::string> uploads{{0, "upload-0"}};

  Fixture() {
    world.accounts = {kAcct, kOther};
    world.buckets = {{{kAcct, model::Jurisdiction::kDefault, "logs"}, {"a.txt"}},
                     {{kAcct, model::Jurisdiction::kDefault, "media"}, {}}};
  }
  BuiltRequest build(const S3Step& s) {
    WireContext ctx;
    ctx.world = &world;
    ctx.target = &target;
    ctx.creds = &creds;
    ctx.upload_ids = &uploads;
    ctx.now = kNow;
    return build_request(s, ctx);
  }
  // What the emulator's verifier makes of the bytes.
  sigv4::Outcome verify(const BuiltRequest& b) {
    sigv4::HttpRequest r{b.http.method, b.http.target, b.http.headers, b.http.body};
    sigv4::VerifyOptions o;
    o.now = std::chrono::sys_seconds(std::chrono::seconds(kNow));
    const std::string secret = creds.at("t0").secret();
    return sigv4::verify(r, [&](std::string_view) { return std::optional<std::string>(secret); }, o).outcome;
  }
};

S3Step step(model::Operation op, Defect d, AuthMode auth = AuthMode::kHeader, std::string key = "a.txt") {
  S3Step s;
  s.op = op;
  s.token = "t0";
  s.endpoint_account = kAcct;
  s.bucket = "logs";
  s.key = std::move(key);
  s.auth = auth;
  s.defect = d;
  return s;
}

std::string header(const http::Request& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (sigv4::iequals(n, name)) return v;
  return "";
}

bool has_alteration(const model::Request& f, model::SignedPart p, const std::string& name = "") {
  for (const auto& a : f.alterations)
    if (a.part == p && (name.empty() || a.name == name)) return true;
  return false;
}

// A key of another length than 32 (a static, RGW or Swift key) is judged by the model under its
// 32-hex alias, but the bytes carry the key the server knows, signed in: what is recorded and
// replayed is what was sent (a target once swapped the key into the bytes after they were
// recorded, so case files and curl commands showed the alias). A defect that changes the key id
// keeps its own, as before.
TEST(WireKeyId, AnAliasedKeyGoesOnTheWireAsTheServerKnowsIt) {
  Fixture fx;
  const std::string alias = "5f0c9ab0e5b1f0f6b4a6f3e0d2c1b0a9", key = "AKIAIOSFODNN7EXAMPLE";
  fx.creds["t0"] = {alias, "", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", key};
  for (AuthMode auth : {AuthMode::kHeader, AuthMode::kPresigned, AuthMode::kSigV2}) {
    SCOPED_TRACE(static_cast<int>(auth));
    const auto b = fx.build(step(model::Operation::kGetObject, Defect::kNone, auth));
    EXPECT_EQ(b.facts.access_key_id, alias) << "the model judges the alias";
    EXPECT_EQ(b.key_id, key);
    const std::string bytes = b.http.target + " " + header(b.http, "Authorization");
    EXPECT_NE(bytes.find(key), std::string::npos) << bytes;
    EXPECT_EQ(bytes.find(alias), std::string::npos) << bytes;
    if (auth != AuthMode::kSigV2) {
      sigv4::HttpRequest r{b.http.method, b.http.target, b.http.headers, b.http.body};
      sigv4::VerifyOptions o;
      o.now = std::chrono::sys_seconds(std::chrono::seconds(kNow));
      std::string seen;
      const auto v = sigv4::verify(
          r,
          [&](std::string_view id) {
            seen = std::string(id);
            return std::optional<std::string>(fx.creds.at("t0").secret());
          },
          o);
      EXPECT_EQ(v.outcome, sigv4::Outcome::ok);
      EXPECT_EQ(seen, key) << "the server is asked for the key it knows";
    }
  }
  const auto upper = fx.build(step(model::Operation::kGetObject, Defect::kUppercaseKeyId));
  std::string upper_alias = alias;
  for (auto& c : upper_alias) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(upper.facts.access_key_id, upper_alias);
  EXPECT_NE(header(upper.http, "Authorization").find("Credential=" + upper_alias + "/"), std::string::npos);
  EXPECT_EQ(fx.build(step(model::Operation::kGetObject, Defect::kNone, AuthMode::kAnonymous)).key_id, "");
}

TEST(WirePerturbation, CleanRequestsVerify) {
  Fixture fx;
  for (AuthMode auth : {AuthMode::kHeader, AuthMode::kPresigned})
    for (auto op : {model::Operation::kGetObject, model::Operation::kPutObject, model::Operation::kUploadPart}) {
      auto b = fx.build(step(op, Defect::kNone, auth));
      EXPECT_EQ(fx.verify(b), sigv4::Outcome::ok) << model::to_string(op);
      EXPECT_TRUE(b.facts.alterations.empty());
      EXPECT_TRUE(b.facts.unsigned_headers.empty());
    }
}

TEST(WirePerturbation, TheHostNamesAnotherBucketAccountOrJurisdiction) {
  Fixture fx;
  for (AuthMode auth : {AuthMode::kHeader, AuthMode::kPresigned}) {
    SCOPED_TRACE(std::string(to_string(auth)));
    auto clean = fx.build(step(model::Operation::kGetObject, Defect::kNone, auth));
    auto bucket = fx.build(step(model::Operation::kGetObject, Defect::kHostOtherBucket, auth));
    auto account = fx.build(step(model::Operation::kGetObject, Defect::kHostOtherAccount, auth));
    auto jur = fx.build(step(model::Operation::kGetObject, Defect::kHostOtherJurisdiction, auth));
    EXPECT_EQ(header(bucket.http, "Host"), fx.target.s3_host(kAcct, model::Jurisdiction::kDefault, "media"));
    EXPECT_EQ(header(account.http, "Host"), fx.target.s3_host(kOther, model::Jurisdiction::kDefault, ""));
    EXPECT_EQ(header(jur.http, "Host"), fx.target.s3_host(kAcct, model::Jurisdiction::kEu, ""));
    for (const auto* b : {&bucket, &account, &jur}) {
      EXPECT_NE(header(b->http, "Host"), header(clean.http, "Host"));
      EXPECT_EQ(b->http.target, clean.http.target);  // only the Host changed
      EXPECT_EQ(header(b->http, "Authorization"), header(clean.http, "Authorization"));
      EXPECT_TRUE(has_alteration(b->facts, model::SignedPart::kHost));
      EXPECT_EQ(fx.verify(*b), sigv4::Outcome::signature_mismatch);
    }
  }
}

TEST(WirePerturbation, TheMethodIsReplayedAsAnotherThatStillRoutes) {
  Fixture fx;
  const std::vector<std::pair<model::Operation, std::string>> cases{{model::Operation::kGetObject, "HEAD"},
                                                                    {model::Operation::kHeadObject, "GET"},
                                                                    {model::Operation::kPutObject, "DELETE"},
                                                                    {model::Operation::kDeleteObject, "GET"},
                                                                    {model::Operation::kCreateMultipartUpload, "GET"}};
  for (const auto& [op, method] : cases) {
    auto b = fx.build(step(op, Defect::kMethodChanged));
    EXPECT_EQ(b.http.method, method) << model::to_string(op);
    EXPECT_TRUE(has_alteration(b.facts, model::SignedPart::kMethod));
    EXPECT_EQ(fx.verify(b), sigv4::Outcome::signature_mismatch);
  }
}

TEST(WirePerturbation, QueryParametersAreRemovedOrChangedAfterSigning) {
  Fixture fx;
  for (AuthMode auth : {AuthMode::kHeader, AuthMode::kPresigned}) {
    SCOPED_TRACE(std::string(to_string(auth)));
    auto part = step(model::Operation::kUploadPart, Defect::kQueryChanged, auth);
    part.upload = 0;
    auto changed = fx.build(part);
    EXPECT_NE(changed.http.target.find("partNumber=2"), std::string::npos) << changed.http.target;
    EXPECT_TRUE(has_alteration(changed.facts, model::SignedPart::kQuery, "partNumber"));
    EXPECT_EQ(fx.verify(changed), sigv4::Outcome::signature_mismatch);

    part.defect = Defect::kQueryRemoved;
    auto removed = fx.build(part);
    EXPECT_EQ(removed.http.target.find("partNumber"), std::string::npos) << removed.http.target;
    EXPECT_NE(removed.http.target.find("uploadId=upload-0"), std::string::npos) << removed.http.target;
    EXPECT_EQ(fx.verify(removed), sigv4::Outcome::signature_mismatch);

    // An operation without a query of its own is signed with x-id, which is then removed.
    auto get = fx.build(step(model::Operation::kGetObject, Defect::kQueryRemoved, auth));
    EXPECT_EQ(get.http.target.find("x-id"), std::string::npos) << get.http.target;
    EXPECT_TRUE(has_alteration(get.facts, model::SignedPart::kQuery, "x-id"));
    EXPECT_EQ(fx.verify(get), sigv4::Outcome::signature_mismatch);
    auto get_changed = fx.build(step(model::Operation::kGetObject, Defect::kQueryChanged, auth));
    EXPECT_NE(get_changed.http.target.find("x-id=GetObjectx"), std::string::npos) << get_changed.http.target;
    EXPECT_EQ(fx.verify(get_changed), sigv4::Outcome::signature_mismatch);

    auto added = fx.build(step(model::Operation::kGetObject, Defect::kTamperedQuery, auth));
    EXPECT_NE(added.http.target.find("scopecheck-tampered=1"), std::string::npos);
    EXPECT_EQ(fx.verify(added), sigv4::Outcome::signature_mismatch);
  }
}

TEST(WirePerturbation, PresignedAuthParametersChangedAfterSigning) {
  Fixture fx;
  auto expires = fx.build(step(model::Operation::kGetObject, Defect::kPresignExpiresChanged, AuthMode::kPresigned));
  EXPECT_NE(expires.http.target.find("X-Amz-Expires=86400"), std::string::npos);
  EXPECT_EQ(expires.facts.expires, 86400);
  EXPECT_EQ(fx.verify(expires), sigv4::Outcome::signature_mismatch);

  auto date = fx.build(step(model::Operation::kGetObject, Defect::kAmzDateChanged, AuthMode::kPresigned));
  EXPECT_NE(date.http.target.find("X-Amz-Date=20261129T030100Z"), std::string::npos) << date.http.target;
  EXPECT_EQ(date.facts.amz_date, kNow + 60);
  EXPECT_EQ(fx.verify(date), sigv4::Outcome::signature_mismatch);

  auto listed = fx.build(step(model::Operation::kGetObject, Defect::kSignedHeadersChanged, AuthMode::kPresigned));
  EXPECT_NE(listed.http.target.find("X-Amz-SignedHeaders=host%3Bx-scopecheck"), std::string::npos) << listed.http.target;
  EXPECT_EQ(fx.verify(listed), sigv4::Outcome::signature_mismatch);

  auto cred = fx.build(step(model::Operation::kGetObject, Defect::kCredentialChanged, AuthMode::kPresigned));
  EXPECT_NE(cred.http.target.find("%2F20261129%2Fus-east-1%2Fs3%2F"), std::string::npos) << cred.http.target;
  EXPECT_EQ(cred.facts.region, "us-east-1");
  EXPECT_EQ(fx.verify(cred), sigv4::Outcome::signature_mismatch);
}

TEST(WirePerturbation, HeaderAuthElementsChangedAfterSigning) {
  Fixture fx;
  auto date = fx.build(step(model::Operation::kGetObject, Defect::kAmzDateChanged));
  EXPECT_EQ(header(date.http, "x-amz-date"), "20261129T030100Z");
  EXPECT_TRUE(has_alteration(date.facts, model::SignedPart::kHeader, "x-amz-date"));
  EXPECT_EQ(fx.verify(date), sigv4::Outcome::signature_mismatch);

  auto listed = fx.build(step(model::Operation::kGetObject, Defect::kSignedHeadersChanged));
  EXPECT_NE(header(listed.http, "Authorization").find("x-amz-date;x-scopecheck, Signature="), std::string::npos)
      << header(listed.http, "Authorization");
  EXPECT_EQ(fx.verify(listed), sigv4::Outcome::signature_mismatch);

  auto cred = fx.build(step(model::Operation::kGetObject, Defect::kCredentialChanged));
  EXPECT_NE(header(cred.http, "Authorization").find("/20261129/us-east-1/s3/aws4_request"), std::string::npos);
  EXPECT_EQ(fx.verify(cred), sigv4::Outcome::signature_mismatch);

  auto meta = fx.build(step(model::Operation::kPutObject, Defect::kSignedHeaderChanged));
  EXPECT_EQ(header(meta.http, "x-amz-meta-scopecheck"), "changed");
  EXPECT_NE(header(meta.http, "Authorization").find("x-amz-meta-scopecheck"), std::string::npos);
  EXPECT_EQ(fx.verify(meta), sigv4::Outcome::signature_mismatch);
}

TEST(WirePerturbation, HeadersLeftOutOfSignedHeaders) {
  Fixture fx;
  auto host = fx.build(step(model::Operation::kGetObject, Defect::kHostUnsigned));
  EXPECT_FALSE(header(host.http, "Host").empty());
  EXPECT_EQ(header(host.http, "Authorization").find("host"), std::string::npos) << header(host.http, "Authorization");
  EXPECT_EQ(host.facts.unsigned_headers, std::vector<std::string>{"host"});
  EXPECT_EQ(fx.verify(host), sigv4::Outcome::unsigned_header);

  auto date = fx.build(step(model::Operation::kGetObject, Defect::kAmzDateUnsigned));
  EXPECT_FALSE(header(date.http, "x-amz-date").empty());
  EXPECT_EQ(header(date.http, "Authorization").find("x-amz-date"), std::string::npos);
  EXPECT_EQ(fx.verify(date), sigv4::Outcome::unsigned_header);

  for (AuthMode auth : {AuthMode::kHeader, AuthMode::kPresigned}) {
    auto amz = fx.build(step(model::Operation::kGetObject, Defect::kUnsignedAmzHeader, auth));
    EXPECT_EQ(fx.verify(amz), sigv4::Outcome::unsigned_header);
  }
}

TEST(WirePerturbation, WhatTheSignatureDoesNotBindStillVerifies) {
  Fixture fx;
  for (AuthMode auth : {AuthMode::kHeader, AuthMode::kPresigned}) {
    SCOPED_TRACE(std::string(to_string(auth)));
    auto plain = fx.build(step(model::Operation::kGetObject, Defect::kUnsignedPlainHeader, auth));
    EXPECT_EQ(header(plain.http, "Cache-Control"), "no-cache");
    EXPECT_EQ(plain.facts.unsigned_headers, std::vector<std::string>{"cache-control"});
    EXPECT_EQ(fx.verify(plain), sigv4::Outcome::ok);

    auto cased = fx.build(step(model::Operation::kPutObject, Defect::kHeaderCaseChanged, auth));
    bool lower_host = false, upper_amz = false;
    for (const auto& [n, v] : cased.http.headers) {
      lower_host = lower_host || n == "host";
      upper_amz = upper_amz || n.rfind("X-AMZ-", 0) == 0;
    }
    EXPECT_TRUE(lower_host);
    if (auth == AuthMode::kHeader) EXPECT_TRUE(upper_amz);
    EXPECT_TRUE(has_alteration(cased.facts, model::SignedPart::kHeaderNameCase, "host"));
    EXPECT_EQ(fx.verify(cased), sigv4::Outcome::ok);
  }
}

TEST(WirePerturbation, AnotherAccountsHostWhenTheWorldHasOneAccount) {
  Fixture fx;
  fx.world.accounts = {kAcct};
  auto b = fx.build(step(model::Operation::kGetObject, Defect::kHostOtherAccount));
  // The emulator tells accounts apart by name: a made-up account still changes the Host.
  EXPECT_TRUE(has_alteration(b.facts, model::SignedPart::kHost));
  EXPECT_EQ(fx.verify(b), sigv4::Outcome::signature_mismatch);
}

}  // namespace
}  // namespace scopecheck::scenario
