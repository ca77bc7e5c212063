#include "harness/sigv4/outcome.h"

#include <gtest/gtest.h>

namespace scopecheck::sigv4 {
namespace {

// Ids equal SCOPING.md's class names; messages are stable. (verify_test.cpp produces each one.)
TEST(Outcome, EveryIdAndMessageVerbatim) {
  const std::vector<std::tuple<Outcome, std::string_view, std::string_view>> expected = {
      {Outcome::ok, "ok", "the signature is valid"},
      {Outcome::anonymous, "anonymous", "the request carries no credentials"},
      {Outcome::sigv2_unsupported, "sigv2-unsupported", "AWS Signature Version 2 is not supported"},
      {Outcome::malformed_auth, "malformed-auth", "the authorization header or query is malformed"},
      {Outcome::streaming_unsupported, "streaming-unsupported",
       "streaming (aws-chunked) payloads are not supported"},
      {Outcome::missing_content_sha256, "missing-content-sha256",
       "the x-amz-content-sha256 header is missing"},
      {Outcome::unknown_key, "unknown-key", "the access key id is unknown"},
      {Outcome::presign_bad_expiry, "presign-bad-expiry",
       "X-Amz-Expires must be between 1 and 604800 seconds"},
      {Outcome::time_skewed, "time-skewed", "the request time is too far from the server time"},
      {Outcome::presign_expired, "presign-expired", "the presigned URL has expired"},
      {Outcome::signature_mismatch, "signature-mismatch", "the signature does not match"},
      {Outcome::unsigned_header, "unsigned-header",
       "headers present in the request are not signed"},
      {Outcome::content_sha256_mismatch, "content-sha256-mismatch",
       "x-amz-content-sha256 does not match the body"},
  };
  for (const auto& [o, id, message] : expected) {
    EXPECT_EQ(outcome_id(o), id);
    EXPECT_EQ(outcome_message(o), message);
    std::error_code ec = o;
    EXPECT_EQ(ec.message(), message);
    EXPECT_EQ(static_cast<bool>(ec), o != Outcome::ok);
  }
}

}  // namespace
}  // namespace scopecheck::sigv4
