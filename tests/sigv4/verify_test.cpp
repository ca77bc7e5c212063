// verify(): one test per Outcome (id and message asserted verbatim), SCOPING.md §8 precedence,
// the mutant knobs of VerifyOptions, the S3 documentation examples, and RapidCheck properties:
// sign → verify accepts, any signed byte changed → signature-mismatch.
#include "harness/sigv4/verify.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/authorization.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/uri_encode.h"
#include "tests/sigv4/test_support.h"

namespace scopecheck::sigv4 {
namespace {

using testing::at;

const Credentials kCreds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};

SecretLookup lookup_for(const Credentials& c) {
  return [c](std::string_view akid) -> std::optional<std::string> {
    if (akid == c.access_key_id) return c.secret_access_key;
    return std::nullopt;
  };
}

const std::chrono::sys_seconds kT = at("20240315T120000Z");

VerifyOptions options_at(std::chrono::sys_seconds now) {
  VerifyOptions o;
  o.now = now;
  return o;
}

HttpRequest get_request() { return {"GET", "/bucket/key.txt", {{"Host", "r2.example"}}, ""}; }

HttpRequest signed_get(std::chrono::sys_seconds t = kT) {
  SignOptions o;
  o.time = t;
  return sign_headers(get_request(), kCreds, o);
}

HttpRequest presigned_get(std::int64_t expires = 3600, std::chrono::sys_seconds t = kT) {
  SignOptions o;
  o.time = t;
  return presign(get_request(), kCreds, o, expires);
}

VerifyResult check(const HttpRequest& r, VerifyOptions o = options_at(kT)) {
  return verify(r, lookup_for(kCreds), o);
}

// Replaces the Authorization header by one re-serialized after f changed its parsed form.
HttpRequest edit_authorization(HttpRequest r, const std::function<void(AuthorizationHeader&)>& f) {
  auto a = parse_authorization_header(*r.header("authorization"));
  EXPECT_TRUE(a.ok());
  AuthorizationHeader copy = *a;
  f(copy);
  r.set_header("Authorization", to_string(copy));
  return r;
}

void expect_outcome(const VerifyResult& r, Outcome o, std::string_view id,
                    std::string_view message) {
  EXPECT_EQ(r.outcome, o) << r.detail;
  EXPECT_EQ(outcome_id(r.outcome), id);
  EXPECT_EQ(outcome_message(r.outcome), message);
  EXPECT_FALSE(r.detail.empty());
}

// ---- one test per Outcome ----

TEST(VerifyOutcome, Ok) {
  auto r = check(signed_get());
  expect_outcome(r, Outcome::ok, "ok", "the signature is valid");
  EXPECT_EQ(r.access_key_id, kCreds.access_key_id);
  EXPECT_FALSE(r.presigned);
  EXPECT_EQ(r.region, "auto");
  EXPECT_EQ(r.service, "s3");
  EXPECT_EQ(r.expected_signature, r.provided_signature);
  EXPECT_EQ(r.payload_hash, kEmptySha256);
}

TEST(VerifyOutcome, Anonymous) {
  expect_outcome(check(get_request()), Outcome::anonymous, "anonymous",
                 "the request carries no credentials");
}

TEST(VerifyOutcome, SigV2UnsupportedHeaderAndQuery) {
  HttpRequest h = get_request();
  h.headers.emplace_back("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=");
  expect_outcome(check(h), Outcome::sigv2_unsupported, "sigv2-unsupported",
                 "AWS Signature Version 2 is not supported");
  HttpRequest q = get_request();
  q.target +=
      "?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1141889120&Signature=vjbyPxybdZaNmGa%"
      "2ByT272YEAiv4%3D";
  expect_outcome(check(q), Outcome::sigv2_unsupported, "sigv2-unsupported",
                 "AWS Signature Version 2 is not supported");
}

TEST(VerifyOutcome, MalformedAuth) {
  HttpRequest r = signed_get();
  r.set_header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/2024/auto/s3/aws4_request");
  expect_outcome(check(r), Outcome::malformed_auth, "malformed-auth",
                 "the authorization header or query is malformed");
}

TEST(VerifyOutcome, StreamingUnsupported) {
  SignOptions o;
  o.time = kT;
  o.payload_hash = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  expect_outcome(check(sign_headers(get_request(), kCreds, o)), Outcome::streaming_unsupported,
                 "streaming-unsupported", "streaming (aws-chunked) payloads are not supported");
}

TEST(VerifyOutcome, MissingContentSha256) {
  SignOptions o;
  o.time = kT;
  o.add_content_sha256_header = false;
  expect_outcome(check(sign_headers(get_request(), kCreds, o)), Outcome::missing_content_sha256,
                 "missing-content-sha256", "the x-amz-content-sha256 header is missing");
}

TEST(VerifyOutcome, UnknownKeyStillReportsTheAccessKeyId) {
  Credentials other{"AKIDUNKNOWN", "secret", ""};
  SignOptions o;
  o.time = kT;
  auto r = check(sign_headers(get_request(), other, o));
  expect_outcome(r, Outcome::unknown_key, "unknown-key", "the access key id is unknown");
  EXPECT_EQ(r.access_key_id, "AKIDUNKNOWN");
}

TEST(VerifyOutcome, PresignBadExpiry) {
  for (std::int64_t e : {std::int64_t{0}, std::int64_t{-7}, std::int64_t{604801}}) {
    expect_outcome(check(presigned_get(e)), Outcome::presign_bad_expiry, "presign-bad-expiry",
                   "X-Amz-Expires must be between 1 and 604800 seconds");
  }
  EXPECT_EQ(check(presigned_get(604800)).outcome, Outcome::ok);
  EXPECT_EQ(check(presigned_get(1)).outcome, Outcome::ok);
}

TEST(VerifyOutcome, TimeSkewedBothWaysBeyondFifteenMinutes) {
  using std::chrono::seconds;
  expect_outcome(check(signed_get(kT - seconds(901))), Outcome::time_skewed, "time-skewed",
                 "the request time is too far from the server time");
  EXPECT_EQ(check(signed_get(kT + seconds(901))).outcome, Outcome::time_skewed);
  EXPECT_EQ(check(signed_get(kT - seconds(900))).outcome, Outcome::ok);
  EXPECT_EQ(check(signed_get(kT + seconds(900))).outcome, Outcome::ok);
}

TEST(VerifyOutcome, PresignExpiredAtExactlyDatePlusExpires) {
  using std::chrono::seconds;
  HttpRequest r = presigned_get(60);
  expect_outcome(check(r, options_at(kT + seconds(60))), Outcome::presign_expired,
                 "presign-expired", "the presigned URL has expired");
  EXPECT_EQ(check(r, options_at(kT + seconds(59))).outcome, Outcome::ok);
  // Presigned URLs are not subject to the 15-minute skew rule.
  EXPECT_EQ(check(presigned_get(86400), options_at(kT + seconds(3600))).outcome, Outcome::ok);
}

TEST(VerifyOutcome, SignatureMismatch) {
  HttpRequest r = signed_get();
  r.target = "/bucket/other.txt";
  auto v = check(r);
  expect_outcome(v, Outcome::signature_mismatch, "signature-mismatch",
                 "the signature does not match");
  EXPECT_NE(v.expected_signature, v.provided_signature);
  EXPECT_NE(v.canonical_request.find("/bucket/other.txt"), std::string::npos);
}

TEST(VerifyOutcome, UnsignedHeaderNamesTheHeaders) {
  HttpRequest r = signed_get();
  r.headers.emplace_back("X-Amz-Meta-Late", "1");
  auto v = check(r);
  expect_outcome(v, Outcome::unsigned_header, "unsigned-header",
                 "headers present in the request are not signed");
  EXPECT_EQ(v.unsigned_headers, std::vector<std::string>{"x-amz-meta-late"});
}

TEST(VerifyOutcome, ContentSha256Mismatch) {
  HttpRequest r{"PUT", "/bucket/k", {{"Host", "r2.example"}}, "the body"};
  SignOptions o;
  o.time = kT;
  o.payload_hash = sha256_hex("another body");
  expect_outcome(check(sign_headers(r, kCreds, o)), Outcome::content_sha256_mismatch,
                 "content-sha256-mismatch", "x-amz-content-sha256 does not match the body");
  o.payload_hash = "UNSIGNED-PAYLOAD";
  EXPECT_EQ(check(sign_headers(r, kCreds, o)).outcome, Outcome::ok);
}

// ---- malformed-auth details (SC-SIG-3, SC-SIG-4) ----

TEST(VerifyMalformed, ScopeServiceTerminatorRegionAndDate) {
  auto with = [](const std::function<void(AuthorizationHeader&)>& f) {
    return check(edit_authorization(signed_get(), f));
  };
  EXPECT_EQ(with([](auto& a) { a.credential.service = "ec2"; }).outcome, Outcome::malformed_auth);
  EXPECT_EQ(with([](auto& a) { a.credential.terminator = "aws4_reques"; }).outcome,
            Outcome::malformed_auth);
  EXPECT_EQ(with([](auto& a) { a.credential.region = "eu-west-1"; }).outcome,
            Outcome::malformed_auth);
  EXPECT_EQ(with([](auto& a) { a.credential.date = "20240316"; }).outcome, Outcome::malformed_auth);
  EXPECT_EQ(with([](auto& a) { a.credential.region = "us-east-1"; }).outcome,
            Outcome::signature_mismatch);
  EXPECT_EQ(with([](auto& a) { a.credential.region = ""; }).outcome, Outcome::signature_mismatch);
}

TEST(VerifyMalformed, HeaderShapes) {
  HttpRequest base = signed_get();
  auto with_auth = [&](std::string v) {
    HttpRequest r = base;
    r.set_header("Authorization", std::move(v));
    return check(r).outcome;
  };
  EXPECT_EQ(with_auth(""), Outcome::malformed_auth);
  EXPECT_EQ(with_auth("AWS4-HMAC-SHA1 Credential=a/20240315/auto/s3/aws4_request, "
                      "SignedHeaders=host, Signature=00"),
            Outcome::malformed_auth);
  HttpRequest two = base;
  two.headers.emplace_back("Authorization", std::string(*base.header("authorization")));
  EXPECT_EQ(check(two).outcome, Outcome::malformed_auth);
  HttpRequest no_date = base;
  no_date.remove_header("x-amz-date");
  EXPECT_EQ(check(no_date).outcome, Outcome::malformed_auth);
  HttpRequest bad_date = base;
  bad_date.set_header("X-Amz-Date", "2024-03-15T12:00:00Z");
  EXPECT_EQ(check(bad_date).outcome, Outcome::malformed_auth);
  HttpRequest bad_hash = base;
  bad_hash.set_header("x-amz-content-sha256", "abc");
  EXPECT_EQ(check(bad_hash).outcome, Outcome::malformed_auth);
  HttpRequest both = presigned_get();
  both.headers.emplace_back("Authorization", std::string(*base.header("authorization")));
  EXPECT_EQ(check(both).outcome, Outcome::malformed_auth);
}

TEST(VerifyMalformed, PresignQueryShapes) {
  HttpRequest r = get_request();
  r.target += "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00";
  EXPECT_EQ(check(r).outcome, Outcome::malformed_auth);
  HttpRequest e = presigned_get();
  auto pos = e.target.find("X-Amz-Expires=3600");
  e.target.replace(pos, 18, "X-Amz-Expires=soon");
  EXPECT_EQ(check(e).outcome, Outcome::malformed_auth);
}

TEST(VerifyResultFields, SecurityTokenIsReportedForBothForms) {
  SignOptions o;
  o.time = kT;
  Credentials with_token{kCreds.access_key_id, kCreds.secret_access_key, "tok+en/1"};
  auto h = check(sign_headers(get_request(), with_token, o));
  EXPECT_EQ(h.outcome, Outcome::ok) << h.detail;
  EXPECT_EQ(h.security_token, "tok+en/1");
  auto q = check(presign(get_request(), with_token, o, 60));
  EXPECT_EQ(q.outcome, Outcome::ok) << q.detail;
  EXPECT_EQ(q.security_token, "tok+en/1");
  EXPECT_EQ(check(signed_get()).security_token, "");
}

TEST(VerifySignature, OnlyExactLowercaseHexMatches) {
  HttpRequest r = signed_get();
  auto upper = edit_authorization(r, [](auto& a) {
    for (char& c : a.signature) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  EXPECT_EQ(check(upper).outcome, Outcome::signature_mismatch);
  auto longer = edit_authorization(r, [](auto& a) { a.signature += "0"; });
  EXPECT_EQ(check(longer).outcome, Outcome::signature_mismatch);
  auto shorter = edit_authorization(r, [](auto& a) { a.signature.pop_back(); });
  EXPECT_EQ(check(shorter).outcome, Outcome::signature_mismatch);
}

TEST(VerifySignature, AuthorizationWithoutSpacesAfterCommasIsAccepted) {
  HttpRequest r = signed_get();
  std::string a(*r.header("authorization"));
  for (auto p = a.find(", "); p != std::string::npos; p = a.find(", ")) a.erase(p + 1, 1);
  r.set_header("Authorization", a);
  EXPECT_EQ(check(r).outcome, Outcome::ok);
}

TEST(VerifySignature, ASignedHeaderMissingFromTheRequestIsAMismatch) {
  HttpRequest r{"GET", "/b/k", {{"Host", "h"}, {"X-Amz-Meta-Empty", ""}}, ""};
  SignOptions o;
  o.time = kT;
  HttpRequest s = sign_headers(r, kCreds, o);
  EXPECT_EQ(check(s).outcome, Outcome::ok);
  s.remove_header("x-amz-meta-empty");
  EXPECT_EQ(check(s).outcome, Outcome::signature_mismatch);
}

TEST(VerifyUnsigned, HostMustBeSigned) {
  HttpRequest r = edit_authorization(signed_get(), [](auto& a) {
    a.signed_headers.erase(std::find(a.signed_headers.begin(), a.signed_headers.end(), "host"));
  });
  // Re-sign without host so that the signature itself is right.
  HttpRequest no_host = get_request();
  no_host.headers.clear();
  SignOptions o;
  o.time = kT;
  HttpRequest s = sign_headers(no_host, kCreds, o);
  s.headers.insert(s.headers.begin(), {"Host", "r2.example"});
  auto v = check(s);
  EXPECT_EQ(v.outcome, Outcome::unsigned_header);
  EXPECT_EQ(v.unsigned_headers, std::vector<std::string>{"host"});
  EXPECT_EQ(check(r).outcome, Outcome::signature_mismatch);  // signature before unsigned-header
}

// ---- precedence (SCOPING.md §8) ----

TEST(VerifyPrecedence, MalformedBeatsMissingContentSha256) {
  SignOptions o;
  o.time = kT;
  o.add_content_sha256_header = false;
  HttpRequest r = edit_authorization(sign_headers(get_request(), kCreds, o),
                                     [](auto& a) { a.credential.service = "sqs"; });
  EXPECT_EQ(check(r).outcome, Outcome::malformed_auth);
}

TEST(VerifyPrecedence, StreamingBeatsUnknownKey) {
  SignOptions o;
  o.time = kT;
  o.payload_hash = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  EXPECT_EQ(check(sign_headers(get_request(), {"NOBODY", "x", ""}, o)).outcome,
            Outcome::streaming_unsupported);
}

TEST(VerifyPrecedence, UnknownKeyBeatsSkewAndBadExpiry) {
  SignOptions o;
  o.time = kT - std::chrono::hours(5);
  EXPECT_EQ(check(sign_headers(get_request(), {"NOBODY", "x", ""}, o)).outcome,
            Outcome::unknown_key);
  o.time = kT;
  EXPECT_EQ(check(presign(get_request(), {"NOBODY", "x", ""}, o, 0)).outcome, Outcome::unknown_key);
}

TEST(VerifyPrecedence, SkewAndExpiryBeatSignatureMismatch) {
  HttpRequest r = signed_get(kT - std::chrono::hours(1));
  r.method = "DELETE";
  EXPECT_EQ(check(r).outcome, Outcome::time_skewed);
  HttpRequest p = presigned_get(0);
  p.method = "DELETE";
  EXPECT_EQ(check(p).outcome, Outcome::presign_bad_expiry);
  HttpRequest x = presigned_get(10);
  x.method = "DELETE";
  EXPECT_EQ(check(x, options_at(kT + std::chrono::hours(1))).outcome, Outcome::presign_expired);
}

TEST(VerifyPrecedence, SignatureMismatchBeatsUnsignedHeaderWhichBeatsContentHash) {
  HttpRequest r{"PUT", "/b/k", {{"Host", "h"}}, "body"};
  SignOptions o;
  o.time = kT;
  o.payload_hash = sha256_hex("not the body");
  HttpRequest s = sign_headers(r, kCreds, o);
  s.headers.emplace_back("x-amz-acl", "public-read");
  EXPECT_EQ(check(s).outcome, Outcome::unsigned_header);
  s.method = "POST";
  EXPECT_EQ(check(s).outcome, Outcome::signature_mismatch);
}

// ---- the mutant knobs (MUTANTS.md): each turns a refusal into acceptance ----

TEST(VerifyKnobs, SkewUnchecked) {
  auto o = options_at(kT);
  o.check_skew = false;
  EXPECT_EQ(check(signed_get(kT - std::chrono::hours(48)), o).outcome, Outcome::ok);
}

TEST(VerifyKnobs, PresignExpiryUnchecked) {
  auto o = options_at(kT + std::chrono::hours(2));
  o.check_presign_expiry = false;
  EXPECT_EQ(check(presigned_get(60), o).outcome, Outcome::ok);
}

TEST(VerifyKnobs, PresignExpiresUnbounded) {
  auto o = options_at(kT);
  o.max_presign_expires = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(check(presigned_get(604801), o).outcome, Outcome::ok);
  EXPECT_EQ(check(presigned_get(0), o).outcome,
            Outcome::presign_bad_expiry);  // the lower bound stays
}

TEST(VerifyKnobs, UnsignedHeaderAccepted) {
  HttpRequest r = signed_get();
  r.headers.emplace_back("x-amz-acl", "public-read");
  auto o = options_at(kT);
  o.require_signed_amz_headers = false;
  EXPECT_EQ(check(r, o).outcome, Outcome::ok);
}

TEST(VerifyKnobs, ScopeRegionUnchecked) {
  SignOptions so;
  so.time = kT;
  so.region = "eu-central-1";
  so.service = "s3-other";
  HttpRequest r = sign_headers(get_request(), kCreds, so);
  EXPECT_EQ(check(r).outcome, Outcome::malformed_auth);
  auto o = options_at(kT);
  o.check_region = false;
  o.check_service = false;
  auto v = check(r, o);
  EXPECT_EQ(v.outcome, Outcome::ok) << v.detail;
  EXPECT_EQ(v.region, "eu-central-1");
}

TEST(VerifyKnobs, SignaturePrefixCompare) {
  HttpRequest r = edit_authorization(
      signed_get(), [](auto& a) { a.signature.replace(8, 56, std::string(56, '0')); });
  EXPECT_EQ(check(r).outcome, Outcome::signature_mismatch);
  auto o = options_at(kT);
  o.signature_compare_chars = 8;
  EXPECT_EQ(check(r, o).outcome, Outcome::ok);
}

TEST(VerifyKnobs, PayloadHashUnchecked) {
  HttpRequest r{"PUT", "/b/k", {{"Host", "h"}}, "body"};
  SignOptions so;
  so.time = kT;
  so.payload_hash = sha256_hex("other");
  auto o = options_at(kT);
  o.check_payload_hash = false;
  EXPECT_EQ(check(sign_headers(r, kCreds, so), o).outcome, Outcome::ok);
}

TEST(VerifyKnobs, AnyRegionWhenTheListIsEmpty) {
  SignOptions so;
  so.time = kT;
  so.region = "mars-1";
  auto o = options_at(kT);
  o.allowed_regions.clear();
  EXPECT_EQ(check(sign_headers(get_request(), kCreds, so), o).outcome, Outcome::ok);
}

TEST(VerifyKnobs, KeyCacheGivesTheSameVerdicts) {
  SigningKeyCache cache;
  auto o = options_at(kT);
  o.key_cache = &cache;
  EXPECT_EQ(check(signed_get(), o).outcome, Outcome::ok);
  EXPECT_EQ(check(signed_get(), o).outcome, Outcome::ok);
  EXPECT_EQ(cache.size(), 1u);
}

// ---- S3 documentation examples through the verifier ----

TEST(VerifyS3Examples, PresignedUrlOfTheDocs) {
  HttpRequest r{"GET",
                "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%"
                "2F20130524%2Fus-east-1%2Fs3%2F"
                "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders="
                "host&X-Amz-Signature="
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                {{"Host", "examplebucket.s3.amazonaws.com"}},
                ""};
  auto v = check(r, options_at(at("20130524T010000Z")));
  EXPECT_EQ(v.outcome, Outcome::ok) << v.detail;
  EXPECT_TRUE(v.presigned);
  EXPECT_EQ(v.payload_hash, "UNSIGNED-PAYLOAD");
  EXPECT_EQ(check(r, options_at(at("20130525T000000Z"))).outcome, Outcome::presign_expired);
}

TEST(VerifyS3Examples, ChunkedUploadSeedAndEveryChunk) {
  HttpRequest r{
      "PUT",
      "/examplebucket/chunkObject.txt",
      {{"Host", "s3.amazonaws.com"},
       {"x-amz-date", "20130524T000000Z"},
       {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
       {"Authorization",
        "AWS4-HMAC-SHA256 "
        "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders="
        "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-"
        "content-length;"
        "x-amz-storage-class,Signature="
        "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"},
       {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
       {"Content-Encoding", "aws-chunked"},
       {"x-amz-decoded-content-length", "66560"},
       {"Content-Length", "66824"}},
      ""};
  std::string payload(66560, 'a');
  ChunkSigningContext ctx{
      derive_signing_key(kCreds.secret_access_key, "20130524", "us-east-1", "s3"),
      "20130524T000000Z", "20130524/us-east-1/s3/aws4_request"};
  r.body = encode_aws_chunked(payload, ctx,
                              "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
               .body;
  auto o = options_at(at("20130524T000500Z"));
  EXPECT_EQ(check(r, o).outcome, Outcome::streaming_unsupported);
  o.allow_streaming = true;
  o.allowed_regions = {"us-east-1"};
  auto seed = check(r, o);
  ASSERT_EQ(seed.outcome, Outcome::ok) << seed.detail;
  auto body = verify_chunked_body(r, seed, lookup_for(kCreds));
  EXPECT_EQ(body.outcome, Outcome::ok) << body.detail;
  EXPECT_EQ(body.payload, payload);
  EXPECT_EQ(body.chunks, 3u);

  r.set_header("x-amz-decoded-content-length", "66561");  // signed header changed: the seed fails
  EXPECT_EQ(check(r, o).outcome, Outcome::signature_mismatch);
  auto lying = verify_chunked_body(r, seed, lookup_for(kCreds));
  EXPECT_EQ(lying.outcome, Outcome::malformed_auth);
}

TEST(VerifyChunkedBody, SignerRoundTripWithTrailerAndTamper) {
  HttpRequest r{"PUT",
                "/b/big",
                {{"Host", "h"},
                 {"Content-Encoding", "aws-chunked"},
                 {"x-amz-trailer", "x-amz-checksum-crc32"}},
                ""};
  SignOptions so;
  so.time = kT;
  so.payload_hash = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  so.extra_signed_headers = {"content-encoding"};
  SigningDetails d;
  HttpRequest s = sign_headers(r, kCreds, so, &d);
  ChunkSigningContext ctx{derive_signing_key(kCreds.secret_access_key, "20240315", "auto", "s3"),
                          "20240315T120000Z", "20240315/auto/s3/aws4_request"};
  s.body = encode_aws_chunked("payload bytes", ctx, d.signature, 4,
                              {{"x-amz-checksum-crc32", "AAAAAA=="}})
               .body;
  auto o = options_at(kT);
  o.allow_streaming = true;
  auto seed = check(s, o);
  ASSERT_EQ(seed.outcome, Outcome::ok) << seed.detail;
  auto b = verify_chunked_body(s, seed, lookup_for(kCreds));
  EXPECT_EQ(b.outcome, Outcome::ok) << b.detail;
  EXPECT_EQ(b.payload, "payload bytes");
  s.body[s.body.find("payl") + 1] = 'A';
  EXPECT_EQ(verify_chunked_body(s, seed, lookup_for(kCreds)).outcome, Outcome::signature_mismatch);
}

TEST(VerifyChunkedBody, RefusesASeedThatDidNotVerify) {
  VerifyResult bad;
  bad.outcome = Outcome::signature_mismatch;
  EXPECT_EQ(verify_chunked_body(get_request(), bad, lookup_for(kCreds)).outcome,
            Outcome::signature_mismatch);
}

// ---- properties ----

// An object key built from the characters that break signers (harness/model/SIGV4.md, interop pitfalls).
rc::Gen<std::string> gen_key() {
  static const std::vector<std::string> pieces = {"a", "Z", "0", "+", " ", "~", "%", "/", "=",
                                                  "&", "?", "#", "é", "ሴ", "(", ")", "!", "*",
                                                  "'", "@", "$", ",", ";", ":", "-", "_", "."};
  return rc::gen::map(
      rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(pieces))),
      [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& p : v) out += p;
        return out;
      });
}

// The key as a client might put it on the wire: unreserved bytes and some safe ones either
// literal or percent-encoded (both decode to the same key).
std::string wire_path(const std::string& key, const std::vector<bool>& literal) {
  std::string out = "/bucket/";
  std::size_t i = 0;
  for (char c : key) {
    bool safe = std::isalnum(static_cast<unsigned char>(c)) ||
                std::string_view("-._~+!*'()@$,;:=/").find(c) != std::string_view::npos;
    if (safe && (i >= literal.size() || literal[i]))
      out.push_back(c);
    else
      out += uri_encode(std::string(1, c));
    ++i;
  }
  return out;
}

struct Query {
  std::vector<std::pair<std::string, std::optional<std::string>>> params;
  std::string raw() const {
    std::string out;
    for (const auto& [n, v] : params) {
      if (!out.empty()) out += "&";
      out += uri_encode(n);
      if (v) out += "=" + uri_encode(*v);
    }
    return out;
  }
};

rc::Gen<Query> gen_query() {
  // A small name pool so that repeated keys are common; values may be empty or absent.
  static const std::vector<std::string> names = {"a",         "b", "prefix", "max-keys", "acl",
                                                 "list type", "é", "x+y",    "~t"};
  auto value = rc::gen::oneOf(
      rc::gen::just(std::optional<std::string>()), rc::gen::just(std::optional<std::string>("")),
      rc::gen::map(gen_key(), [](std::string s) { return std::optional<std::string>(s); }));
  return rc::gen::map(
      rc::gen::container<std::vector<std::pair<std::string, std::optional<std::string>>>>(
          rc::gen::pair(rc::gen::elementOf(names), value)),
      [](auto params) { return Query{std::move(params)}; });
}

// A header value of printable ASCII with inner runs of spaces (trimall territory).
rc::Gen<std::string> gen_header_value() {
  return rc::gen::container<std::string>(
      rc::gen::oneOf(rc::gen::inRange<char>(0x21, 0x7f), rc::gen::just(' ')));
}

struct Case {
  HttpRequest request;
  Credentials creds;
  SignOptions opts;
};

rc::Gen<Case> gen_case() {
  return rc::gen::exec([] {
    Case c;
    c.request.method = *rc::gen::elementOf(
        std::vector<std::string>{"GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"});
    auto key = *gen_key();
    auto literal = *rc::gen::container<std::vector<bool>>(key.size(), rc::gen::arbitrary<bool>());
    c.request.target = wire_path(key, literal);
    auto q = *gen_query();
    if (!q.params.empty()) c.request.target += "?" + q.raw();
    c.request.headers.emplace_back(
        "Host", *rc::gen::elementOf(std::vector<std::string>{"r2.example", "b.r2.example:8443"}));
    auto metas = *rc::gen::container<std::vector<std::string>>(
        rc::gen::elementOf(std::vector<std::string>{"a", "b", "tag"}));
    for (const auto& m : metas)
      c.request.headers.emplace_back("X-Amz-Meta-" + m, *gen_header_value());
    if (*rc::gen::arbitrary<bool>()) {
      c.request.headers.emplace_back("Content-Type", *gen_header_value());
      c.opts.extra_signed_headers.push_back("content-type");
    }
    c.request.body = *rc::gen::arbitrary<std::string>();
    c.creds.access_key_id = *rc::gen::nonEmpty(
        rc::gen::container<std::string>(rc::gen::inRange('A', static_cast<char>('Z' + 1))));
    c.creds.secret_access_key =
        *rc::gen::container<std::string>(rc::gen::inRange<char>(0x21, 0x7f));
    c.opts.time = std::chrono::sys_seconds{
        std::chrono::seconds{*rc::gen::inRange<std::int64_t>(946684800, 1893456000)}};
    c.opts.region = *rc::gen::elementOf(std::vector<std::string>{"auto", "us-east-1", ""});
    if (*rc::gen::arbitrary<bool>()) c.opts.payload_hash = "UNSIGNED-PAYLOAD";
    return c;
  });
}

VerifyResult verify_case(const Case& c, const HttpRequest& r) {
  VerifyOptions o;
  o.now = c.opts.time;
  return verify(r, lookup_for(c.creds), o);
}

RC_GTEST_PROP(VerifyProperty, SignedRequestsVerify, ()) {
  Case c = *gen_case();
  auto r = verify_case(c, sign_headers(c.request, c.creds, c.opts));
  RC_TAG(c.request.query().empty() ? "no query" : "query");
  RC_ASSERT(r.outcome == Outcome::ok);
}

RC_GTEST_PROP(VerifyProperty, PresignedRequestsVerify, ()) {
  Case c = *gen_case();
  c.opts.payload_hash.clear();
  auto expires = *rc::gen::inRange<std::int64_t>(1, 604801);
  HttpRequest p = presign(c.request, c.creds, c.opts, expires);
  VerifyOptions o;
  o.now = c.opts.time + std::chrono::seconds(expires - 1);
  RC_ASSERT(verify(p, lookup_for(c.creds), o).outcome == Outcome::ok);
}

// Changes one signed byte of a header-signed request in one of the ways SC-SIG-8 lists.
RC_GTEST_PROP(VerifyProperty, ChangingAnySignedByteIsASignatureMismatch, ()) {
  Case c = *gen_case();
  HttpRequest s = sign_headers(c.request, c.creds, c.opts);
  // Every kind of change on every generated request (not one sampled kind per request).
  for (int what = 0; what < 8; ++what) {
    HttpRequest t = s;
    switch (what) {
      case 0:
        t.method = t.method == "GET" ? "PUT" : "GET";
        break;
      case 1:
        t.target.insert(t.path().size(), "x");
        break;
      case 2:  // a query name
        t.target += t.query().empty() ? "?zz" : "&zz";
        break;
      case 3: {  // a query value
        if (t.query().empty())
          t.target += "?v=1";
        else
          t.target += "v";
        break;
      }
      case 4: {  // a signed header value
        auto& h = *std::find_if(t.headers.begin(), t.headers.end(),
                                [](auto& kv) { return iequals(kv.first, "host"); });
        h.second += "Z";
        break;
      }
      case 5: {  // the date, one second within the same day
        auto d = *parse_amz_date(*t.header("x-amz-date"));
        auto moved = format_scope_date(d + std::chrono::seconds(1)) == format_scope_date(d)
                         ? d + std::chrono::seconds(1)
                         : d - std::chrono::seconds(1);
        t.set_header("X-Amz-Date", format_amz_date(moved));
        break;
      }
      case 6:  // the scope's region
        t = edit_authorization(t, [](auto& a) {
          a.credential.region = a.credential.region == "auto" ? "us-east-1" : "auto";
        });
        break;
      case 7: {  // the payload hash line
        auto h = std::string(*t.header("x-amz-content-sha256"));
        t.set_header("x-amz-content-sha256",
                     h == "UNSIGNED-PAYLOAD" ? sha256_hex(t.body) : "UNSIGNED-PAYLOAD");
        break;
      }
    }
    auto r = verify_case(c, t);
    RC_ASSERT(r.outcome == Outcome::signature_mismatch);
  }
}

RC_GTEST_PROP(VerifyProperty, ChangingAPresignedUrlIsASignatureMismatch, ()) {
  Case c = *gen_case();
  c.opts.payload_hash.clear();
  HttpRequest p = presign(c.request, c.creds, c.opts, 3600);
  for (int what = 0; what < 4; ++what) {
    HttpRequest t = p;
    switch (what) {
      case 0:
        t.method = t.method == "GET" ? "PUT" : "GET";
        break;
      case 1:
        t.target.insert(t.path().size(), "x");
        break;
      case 2:
        t.target += "&extra=1";
        break;
      case 3: {
        auto pos = t.target.find("X-Amz-Expires=3600");
        t.target.replace(pos, 18, "X-Amz-Expires=3601");
        break;
      }
    }
    VerifyOptions o;
    o.now = c.opts.time;
    RC_ASSERT(verify(t, lookup_for(c.creds), o).outcome == Outcome::signature_mismatch);
  }
}

RC_GTEST_PROP(VerifyProperty, VerifyIsTotalOnArbitraryRequests,
              (const std::string& method, const std::string& target, const std::string& auth,
               const std::string& date)) {
  HttpRequest r{method, target, {{"Host", "h"}, {"Authorization", auth}, {"x-amz-date", date}}, ""};
  auto v = verify(
      r, [](std::string_view) { return std::optional<std::string>("secret"); }, VerifyOptions{});
  RC_ASSERT(v.outcome != Outcome::ok);
  HttpRequest q{method, "/?" + target, {{"Host", "h"}}, auth};
  auto w = verify(
      q, [](std::string_view) { return std::optional<std::string>("secret"); }, VerifyOptions{});
  RC_ASSERT(w.outcome != Outcome::ok);
}

}  // namespace
}  // namespace scopecheck::sigv4
