// decide() on requests changed after signing (SIGV4.md, "Post-signing perturbations"): which
// elements the signature binds (SC-SIG-8), which headers must be signed (SC-SIG-9), and what a
// target must still accept (an unsigned Cache-Control, a header name in another case).
#include <gtest/gtest.h>

#include "harness/model/decide.h"
#include "harness/model/world_codec.h"
#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

using O = OutcomeClass;

const Token kReader = token({allow({logs_res()}, {kItemRead})});

struct Case {
  std::string what;
  AuthKind auth;
  std::vector<Alteration> alterations;
  std::vector<std::string> unsigned_headers;
  O expected;
  std::string rule;  // the rule the decision cites ("" for ok)
};

void check(const std::vector<Case>& cases, const DecideOptions& options = {}, const std::string& region = "auto") {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what + (c.auth == AuthKind::kPresigned ? " (presigned)" : " (header)"));
    World w = base_world();
    w.tokens.push_back(kReader);
    Request r = base_request();
    r.auth = c.auth;
    r.region = region;
    r.alterations = c.alterations;
    r.unsigned_headers = c.unsigned_headers;
    const Decision d = decide(w, r, kNow, options);
    EXPECT_EQ(to_string(d.outcome), to_string(c.expected));
    if (!c.rule.empty()) {
      ASSERT_FALSE(d.rule_ids.empty());
      EXPECT_EQ(d.rule_ids.front(), c.rule);
    }
  }
}

Alteration part(SignedPart p, std::string name = "", bool in_signed = false) { return {p, std::move(name), in_signed}; }

TEST(Perturbation, EveryBoundElementChangedAfterSigningIsASignatureMismatch) {
  for (AuthKind auth : {AuthKind::kHeader, AuthKind::kPresigned}) {
    check({
        {"method GET→HEAD", auth, {part(SignedPart::kMethod)}, {}, O::kSignatureMismatch, "SC-SIG-8"},
        {"host of another bucket", auth, {part(SignedPart::kHost, "host", true)}, {}, O::kSignatureMismatch, "SC-SIG-8"},
        {"path", auth, {part(SignedPart::kPath)}, {}, O::kSignatureMismatch, "SC-SIG-8"},
        {"query parameter x-id removed", auth, {part(SignedPart::kQuery, "x-id")}, {}, O::kSignatureMismatch, "SC-SIG-8"},
        {"query parameter uploadId changed", auth, {part(SignedPart::kQuery, "uploadId")}, {}, O::kSignatureMismatch,
         "SC-SIG-8"},
        {"SignedHeaders list", auth, {part(SignedPart::kSignedHeaders)}, {}, O::kSignatureMismatch, "SC-SIG-8"},
        {"credential scope, region still accepted", auth, {part(SignedPart::kCredentialScope)}, {}, O::kSignatureMismatch,
         "SC-SIG-8"},
        {"signed x-amz-meta header changed", auth, {part(SignedPart::kHeader, "x-amz-meta-a", true)}, {},
         O::kSignatureMismatch, "SC-SIG-8"},
    });
  }
}

TEST(Perturbation, PresignedQueryAuthParametersAreBound) {
  // Every parameter of a presigned URL but X-Amz-Signature is in the canonical query, a
  // non-X-Amz one added to it as much as X-Amz-Expires or X-Amz-Date.
  check({
      {"X-Amz-Expires raised", AuthKind::kPresigned, {part(SignedPart::kQuery, "X-Amz-Expires")}, {},
       O::kSignatureMismatch, "SC-SIG-8"},
      {"X-Amz-Date moved", AuthKind::kPresigned, {part(SignedPart::kQuery, "X-Amz-Date")}, {}, O::kSignatureMismatch,
       "SC-SIG-8"},
      {"X-Amz-SignedHeaders", AuthKind::kPresigned, {part(SignedPart::kSignedHeaders)}, {}, O::kSignatureMismatch,
       "SC-SIG-8"},
      {"an extra unsigned parameter", AuthKind::kPresigned, {part(SignedPart::kQuery, "response-content-type")}, {},
       O::kSignatureMismatch, "SC-SIG-8"},
  });
}

TEST(Perturbation, WhatTheSignatureDoesNotBindIsAccepted) {
  for (AuthKind auth : {AuthKind::kHeader, AuthKind::kPresigned}) {
    check({
        {"Cache-Control sent unsigned", auth, {}, {"cache-control"}, O::kOk, ""},
        {"Content-Type not in SignedHeaders", auth, {}, {"content-type"}, O::kOk, ""},
        {"an unsigned header's value changed", auth, {part(SignedPart::kHeader, "cache-control", false)}, {"cache-control"},
         O::kOk, ""},
        {"header names in another case", auth,
         {part(SignedPart::kHeaderNameCase, "host"), part(SignedPart::kHeaderNameCase, "x-amz-date")}, {}, O::kOk, ""},
    });
  }
}

TEST(Perturbation, HostAndAmzHeadersMustBeSigned) {
  check({
      {"host left out of SignedHeaders", AuthKind::kHeader, {}, {"host"}, O::kUnsignedHeader, "SC-SIG-9"},
      {"x-amz-date left out of SignedHeaders", AuthKind::kHeader, {}, {"x-amz-date"}, O::kUnsignedHeader, "SC-SIG-9"},
      {"x-amz-meta-* added to a presigned URL", AuthKind::kPresigned, {}, {"x-amz-meta-a"}, O::kUnsignedHeader, "SC-SIG-9"},
      // Both in tier 4: a signature that does not match is named first (SCOPING §8).
      {"a changed path and an unsigned x-amz header", AuthKind::kHeader, {part(SignedPart::kPath)}, {"x-amz-meta-a"},
       O::kSignatureMismatch, "SC-SIG-8"},
  });
}

TEST(Perturbation, TheRegionOfAChangedScopeIsStillJudged) {
  // Swift's s3api accepts only us-east-1: the scope changed to auto is malformed there (SC-SIG-4,
  // tier 1) before its signature is compared; on R2 both regions parse and the signature decides.
  DecideOptions swift;
  swift.accepted_regions = std::vector<std::string>{"us-east-1"};
  check({{"scope region auto", AuthKind::kHeader, {part(SignedPart::kCredentialScope)}, {}, O::kMalformedAuth, "SC-SIG-4"}},
        swift, "auto");
  DecideOptions r2;
  r2.accepted_regions = std::vector<std::string>{"auto", "us-east-1", ""};
  check({{"scope region us-east-1", AuthKind::kHeader, {part(SignedPart::kCredentialScope)}, {}, O::kSignatureMismatch,
          "SC-SIG-8"}},
        r2, "us-east-1");
}

TEST(Perturbation, PrecedenceAroundAChangedRequest) {
  World w = base_world();
  Token disabled = kReader;
  disabled.status = TokenStatus::kDisabled;
  w.tokens.push_back(disabled);
  Request r = base_request();
  r.alterations = {part(SignedPart::kMethod)};
  // The signature (tier 4) before the token's state (tier 5).
  EXPECT_EQ(decide(w, r, kNow).outcome, O::kSignatureMismatch);
  // An unknown key (tier 2) before the signature.
  r.access_key_id = std::string(32, 'f');
  EXPECT_EQ(decide(w, r, kNow).outcome, O::kUnknownKey);
  // An accepted perturbation rescues nothing: a writer's request is still judged by its grants.
  World w2 = base_world();
  w2.tokens.push_back(kReader);
  Request put = base_request(Operation::kPutObject);
  put.unsigned_headers = {"cache-control"};
  put.alterations = {part(SignedPart::kHeaderNameCase, "host")};
  const Decision d = decide(w2, put, kNow);
  EXPECT_EQ(d.outcome, O::kAccessDenied);
}

TEST(Perturbation, RequestCodecCarriesAlterationsAndUnsignedHeaders) {
  Request r = base_request();
  r.alterations = {part(SignedPart::kQuery, "X-Amz-Expires"), part(SignedPart::kHeader, "x-amz-date", true)};
  r.unsigned_headers = {"cache-control"};
  World w = base_world();
  auto back = parse_request_json(emit_request(r), w);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->alterations, r.alterations);
  EXPECT_EQ(back->unsigned_headers, r.unsigned_headers);
  auto bad = parse_request(R"({"operation": "GetObject", "access_key_id": "k", "alterations": [{"part": "cookie"}]})", w);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().path.find("alterations[0].part"), std::string::npos);
}

}  // namespace
}  // namespace scopecheck::model::test
