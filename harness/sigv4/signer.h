// Signing: Authorization-header and presigned-URL SigV4 (the client side of SIGV4.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/sigv4/signing_key.h"

#include "harness/sigv4/canonical.h"
#include "harness/sigv4/http_request.h"

namespace scopecheck::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // optional; signed as x-amz-security-token / X-Amz-Security-Token
};

struct SignOptions {
  std::chrono::sys_seconds time{};
  std::string region = "auto";
  std::string service = "s3";
  Mode mode = Mode::s3;
  // "" = hex sha256(body) for header signing, UNSIGNED-PAYLOAD for presigning; otherwise used
  // verbatim ("UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", a hex hash...).
  std::string payload_hash;
  // Headers to sign beyond host and every x-amz-* header present (names, any case).
  std::vector<std::string> extra_signed_headers;
  // Headers left out of SignedHeaders although present (names, any case): only for requests that
  // are wrong on purpose (an x-amz-date the signature does not bind, SC-SIG-9).
  std::vector<std::string> leave_unsigned;
  bool add_content_sha256_header = true;  // header signing only
  // Derived keys come from here when set (the four HMACs of the key chain once per secret and day).
  SigningKeyCache* key_cache = nullptr;
};

// Everything a signing computed, for tests and `scopecheck sigv4 explain`.
struct SigningDetails {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  std::vector<std::string> signed_headers;  // normalized
};

// Sets x-amz-date (and x-amz-content-sha256 unless disabled, and x-amz-security-token when the
// credentials carry a token), then appends "Authorization: AWS4-HMAC-SHA256 Credential=...,
// SignedHeaders=..., Signature=...". Signs host, every x-amz-* header and extra_signed_headers.
// Any previous Authorization header is removed. details, when given, receives the intermediates.
HttpRequest sign_headers(HttpRequest request, const Credentials& credentials,
                         const SignOptions& options, SigningDetails* details = nullptr);

// Appends X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders,
// [X-Amz-Security-Token] and finally X-Amz-Signature to the target's query (existing X-Amz-*
// auth parameters are removed first). The payload line is UNSIGNED-PAYLOAD unless
// options.payload_hash says otherwise (it is then not announced in the query, as in the AWS
// signing test suite). expires_seconds is written as given (out-of-range values are allowed so
// tests can build bad URLs).
HttpRequest presign(HttpRequest request, const Credentials& credentials, const SignOptions& options,
                    std::int64_t expires_seconds, SigningDetails* details = nullptr);

}  // namespace scopecheck::sigv4
