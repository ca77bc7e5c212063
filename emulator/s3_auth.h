// Who is calling the S3 endpoint and whether their token may be used at all: SigV4 through the
// shared harness/sigv4 library, then the token's status, validity window and IP condition, in
// SCOPING.md §8 order (classes 1–7). The seeded signature and token-state bugs live here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "emulator/bugs.h"
#include "emulator/clock.h"
#include "emulator/http_message.h"
#include "emulator/token_store.h"

namespace scopecheck::emulator {

enum class AuthClass {
  ok,
  malformed_auth,
  sigv2_unsupported,
  streaming_unsupported,
  missing_content_sha256,
  anonymous,
  malformed_credential,
  unknown_key,
  presign_bad_expiry,
  time_skewed,
  presign_expired,
  signature_mismatch,
  unsigned_header,
  inactive_token,
  ip_denied,
  content_sha256_mismatch,
};

struct AuthResult {
  AuthClass cls = AuthClass::malformed_auth;
  bool query_auth = false;  // presigned URL (chooses the malformed-auth error code)
  std::shared_ptr<const S3Token> token;
  bool streaming = false;      // body was aws-chunked and has been decoded into `body`
  std::string body;            // decoded payload when streaming
  std::string detail;
};

struct WireError {
  int status;
  std::string_view code, message;
};

// The r2 profile's answer for a refused class (SCOPING.md §9).
WireError wire_error(AuthClass c, bool query_auth);

// Authenticates req at `now`. allow_streaming: verify aws-chunked bodies (else 501 class).
// body_known false: the body has not been read yet; everything but the payload hash and the
// chunk signatures is decided (the same class the full request would get, unless that class is
// content-sha256-mismatch or a chunk failure).
AuthResult authenticate(const HttpRequest& req, TokenStore& tokens, const BugSet& bugs, TimePoint now,
                        bool allow_streaming, bool body_known = true);

// SC-TK-3: usable at now (window [not_before, expires_on), status active).
bool token_usable(const S3Token& t, TimePoint now, const BugSet& bugs);
// SC-TK-4: the client IP passes the token's condition.
bool ip_admitted(const S3Token& t, std::string_view client_ip, const BugSet& bugs);

}  // namespace scopecheck::emulator
