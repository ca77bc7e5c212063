// Verification: the server side of SIGV4.md, in SCOPING.md §8 precedence. The emulator injects
// the signature bugs of MUTANTS.md through the knobs of VerifyOptions; defaults are correct.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/sigv4/canonical.h"
#include "harness/sigv4/chunked.h"
#include "harness/sigv4/http_request.h"
#include "harness/sigv4/outcome.h"
#include "harness/sigv4/signing_key.h"

namespace scopecheck::sigv4 {

// The secret of an access key id, or nullopt when the key is unknown.
using SecretLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

struct VerifyOptions {
  std::chrono::sys_seconds now{};
  std::vector<std::string> allowed_regions{"auto", "us-east-1", ""};  // empty vector = any
  bool check_region = true;    // false (with check_service): scope-region-unchecked
  std::string service = "s3";  // the service the scope must name
  bool check_service = true;
  std::chrono::seconds max_skew{900};
  bool check_skew = true;                     // false: skew-unchecked
  std::int64_t max_presign_expires = 604800;  // INT64_MAX: presign-expires-unbounded
  bool check_presign_expiry = true;           // false: presign-expiry-unchecked
  bool require_signed_amz_headers = true;     // false: unsigned-header-accepted
  bool require_signed_host = true;            // false: host-unsigned-accepted
  bool check_payload_hash = true;             // false: payload-hash-unchecked
  bool allow_streaming = false;  // true: STREAMING-* seeds verify; see verify_chunked_body
  // < 64: compare only this many leading chars: exists only for signature-prefix-compare.
  std::size_t signature_compare_chars = 64;
  Mode mode = Mode::s3;
  // Optional cache of derived signing keys (shared across threads); nullptr derives every time.
  SigningKeyCache* key_cache = nullptr;
};

struct VerifyResult {
  Outcome outcome = Outcome::malformed_auth;
  std::string access_key_id;  // as parsed, even when the lookup fails
  bool presigned = false;
  std::string region, service;
  std::string amz_date;      // YYYYMMDDTHHMMSSZ as sent
  std::string scope;         // date/region/service/terminator as sent
  std::string payload_hash;  // the canonical request's last line
  std::string canonical_request, string_to_sign, expected_signature, provided_signature;
  std::vector<std::string> unsigned_headers;  // lowercase names present but not signed
  // x-amz-security-token (header auth) or X-Amz-Security-Token (query auth); empty when absent.
  // Its validity is the caller's business, like the access key id's.
  std::string security_token;
  std::string detail;                         // one line naming what failed
};

// Verifies header auth (Authorization) or query auth (X-Amz-* parameters). Order of checks:
// 1 malformed-auth / sigv2-unsupported / streaming-unsupported / missing-content-sha256,
// 2 anonymous / unknown-key, 3 presign-bad-expiry / time-skewed / presign-expired,
// 4 signature-mismatch then unsigned-header, 7 content-sha256-mismatch. The access key id's
// length check and token status are the caller's. Reads no clock (options.now). Never throws
// except std::bad_alloc or what lookup throws.
// Decisions where the specs are silent: header auth needs x-amz-date (a Date header alone is
// malformed-auth); every x-amz-* header present must be signed, x-amz-content-sha256 included
// (SCOPING.md SC-SIG-9; S3 itself tolerates that one unsigned); a presigned URL dated in the future
// is not refused; in Mode::generic a missing x-amz-content-sha256 means sha256(body); an
// x-amz-content-sha256 that is neither 64 hex digits, UNSIGNED-PAYLOAD nor STREAMING-* is
// malformed-auth; a signed header absent from the request is signature-mismatch.
VerifyResult verify(const HttpRequest& request, const SecretLookup& lookup,
                    const VerifyOptions& options);

// Verifies the aws-chunked body of a request whose seed verify() accepted (seed.outcome == ok,
// payload STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] or STREAMING-UNSIGNED-PAYLOAD-TRAILER).
// Checks every chunk signature from seed.expected_signature on, and x-amz-decoded-content-length
// when present. Returns the decoded payload, or signature_mismatch / malformed_auth.
ChunkedDecodeResult verify_chunked_body(const HttpRequest& request, const VerifyResult& seed,
                                        const SecretLookup& lookup);

}  // namespace scopecheck::sigv4
