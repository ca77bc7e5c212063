#include "harness/sigv4/outcome.h"

#include <string>

namespace scopecheck::sigv4 {

std::string_view outcome_id(Outcome o) {
  switch (o) {
    case Outcome::ok:
      return "ok";
    case Outcome::anonymous:
      return "anonymous";
    case Outcome::sigv2_unsupported:
      return "sigv2-unsupported";
    case Outcome::malformed_auth:
      return "malformed-auth";
    case Outcome::streaming_unsupported:
      return "streaming-unsupported";
    case Outcome::missing_content_sha256:
      return "missing-content-sha256";
    case Outcome::unknown_key:
      return "unknown-key";
    case Outcome::presign_bad_expiry:
      return "presign-bad-expiry";
    case Outcome::time_skewed:
      return "time-skewed";
    case Outcome::presign_expired:
      return "presign-expired";
    case Outcome::signature_mismatch:
      return "signature-mismatch";
    case Outcome::unsigned_header:
      return "unsigned-header";
    case Outcome::content_sha256_mismatch:
      return "content-sha256-mismatch";
  }
  return "unknown-outcome";
}

std::string_view outcome_message(Outcome o) {
  switch (o) {
    case Outcome::ok:
      return "the signature is valid";
    case Outcome::anonymous:
      return "the request carries no credentials";
    case Outcome::sigv2_unsupported:
      return "AWS Signature Version 2 is not supported";
    case Outcome::malformed_auth:
      return "the authorization header or query is malformed";
    case Outcome::streaming_unsupported:
      return "streaming (aws-chunked) payloads are not supported";
    case Outcome::missing_content_sha256:
      return "the x-amz-content-sha256 header is missing";
    case Outcome::unknown_key:
      return "the access key id is unknown";
    case Outcome::presign_bad_expiry:
      return "X-Amz-Expires must be between 1 and 604800 seconds";
    case Outcome::time_skewed:
      return "the request time is too far from the server time";
    case Outcome::presign_expired:
      return "the presigned URL has expired";
    case Outcome::signature_mismatch:
      return "the signature does not match";
    case Outcome::unsigned_header:
      return "headers present in the request are not signed";
    case Outcome::content_sha256_mismatch:
      return "x-amz-content-sha256 does not match the body";
  }
  return "unknown outcome";
}

namespace {
class OutcomeCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "scopecheck.sigv4.outcome"; }
  std::string message(int v) const override {
    return std::string(outcome_message(static_cast<Outcome>(v)));
  }
};
}  // namespace

const std::error_category& outcome_category() {
  static const OutcomeCategory category;
  return category;
}

std::error_code make_error_code(Outcome o) { return {static_cast<int>(o), outcome_category()}; }

}  // namespace scopecheck::sigv4
