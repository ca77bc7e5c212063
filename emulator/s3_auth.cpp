#include "emulator/s3_auth.h"

#include <algorithm>
#include <cctype>

#include "emulator/crypto.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/presign_query.h"
#include "harness/sigv4/verify.h"

namespace scopecheck::emulator {

WireError wire_error(AuthClass c, bool query_auth) {
  switch (c) {
    case AuthClass::malformed_auth:
      return query_auth ? WireError{400, "AuthorizationQueryParametersError",
                                    "Error parsing the X-Amz-Credential parameter or another query auth parameter."}
                        : WireError{400, "AuthorizationHeaderMalformed", "The authorization header is malformed."};
    case AuthClass::sigv2_unsupported:
      return {401, "Unauthorized", "SigV2 authorization is not supported. Please use SigV4 instead."};
    case AuthClass::streaming_unsupported:
      return {501, "NotImplemented", "STREAMING-* payloads are not implemented."};
    case AuthClass::missing_content_sha256:
      return {400, "InvalidRequest", "Missing x-amz-content-sha256"};
    case AuthClass::anonymous:
      return {401, "Unauthorized", "Unauthorized"};
    case AuthClass::malformed_credential:
      return {400, "InvalidArgument", "Credential access key has length other than 32"};
    case AuthClass::unknown_key:
      return {401, "Unauthorized", "Unauthorized"};
    case AuthClass::presign_bad_expiry:
      return {400, "AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds"};
    case AuthClass::time_skewed:
      return {403, "RequestTimeTooSkewed", "The difference between the request time and the server's time is too "
                                           "large."};
    case AuthClass::presign_expired:
      return {403, "ExpiredRequest", "Request has expired"};
    case AuthClass::signature_mismatch:
      return {403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you "
                                            "provided. Check your secret access key and signing method."};
    case AuthClass::unsigned_header:
      return {403, "AccessDenied", "There were headers present in the request which were not signed"};
    case AuthClass::inactive_token:
      return {401, "Unauthorized", "Unauthorized"};
    case AuthClass::ip_denied:
      return {403, "AccessDenied", "Access Denied"};
    case AuthClass::content_sha256_mismatch:
      return {400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what "
                                                "was computed."};
    case AuthClass::ok:
      break;
  }
  return {500, "InternalError", "We encountered an internal error. Please try again."};
}

namespace {
AuthClass from_outcome(sigv4::Outcome o) {
  using sigv4::Outcome;
  switch (o) {
    case Outcome::ok: return AuthClass::ok;
    case Outcome::anonymous: return AuthClass::anonymous;
    case Outcome::sigv2_unsupported: return AuthClass::sigv2_unsupported;
    case Outcome::malformed_auth: return AuthClass::malformed_auth;
    case Outcome::streaming_unsupported: return AuthClass::streaming_unsupported;
    case Outcome::missing_content_sha256: return AuthClass::missing_content_sha256;
    case Outcome::unknown_key: return AuthClass::unknown_key;
    case Outcome::presign_bad_expiry: return AuthClass::presign_bad_expiry;
    case Outcome::time_skewed: return AuthClass::time_skewed;
    case Outcome::presign_expired: return AuthClass::presign_expired;
    case Outcome::signature_mismatch: return AuthClass::signature_mismatch;
    case Outcome::unsigned_header: return AuthClass::unsigned_header;
    case Outcome::content_sha256_mismatch: return AuthClass::content_sha256_mismatch;
  }
  return AuthClass::malformed_auth;
}

sigv4::VerifyOptions options_for(const BugSet& bugs, TimePoint now, bool allow_streaming) {
  sigv4::VerifyOptions o;
  o.now = now;
  o.allow_streaming = allow_streaming;
  // Derived signing keys per I/O thread (as a production endpoint caches them per secret and
  // day): the four HMACs of the key chain once, not on every request. Per thread: no lock.
  thread_local sigv4::SigningKeyCache key_cache(4096);
  o.key_cache = &key_cache;
  // BUG skew-unchecked: header-auth clock skew not checked.
  if (bugs.has(Bug::skew_unchecked)) o.check_skew = false;
  // BUG presign-expiry-unchecked: expired presigned URLs accepted.
  if (bugs.has(Bug::presign_expiry_unchecked)) o.check_presign_expiry = false;
  // BUG presign-expires-unbounded: X-Amz-Expires above 604800 accepted.
  if (bugs.has(Bug::presign_expires_unbounded)) o.max_presign_expires = INT64_MAX;
  // BUG unsigned-header-accepted: unsigned x-amz-* headers accepted.
  if (bugs.has(Bug::unsigned_header_accepted)) o.require_signed_amz_headers = false;
  // BUG host-unsigned-accepted: a Host left out of SignedHeaders is accepted (the signature then
  // binds no bucket or endpoint; Swift's S3 layer does this, see README).
  if (bugs.has(Bug::host_unsigned_accepted)) o.require_signed_host = false;
  // BUG scope-region-unchecked: region and service of the credential scope not checked.
  if (bugs.has(Bug::scope_region_unchecked)) {
    o.check_region = false;
    o.check_service = false;
  }
  // BUG signature-prefix-compare: only a prefix of the signature is compared.
  if (bugs.has(Bug::signature_prefix_compare)) o.signature_compare_chars = 8;
  // BUG payload-hash-unchecked: a signed payload hash that differs from the body is accepted.
  if (bugs.has(Bug::payload_hash_unchecked)) o.check_payload_hash = false;
  return o;
}
}  // namespace

bool token_usable(const S3Token& t, TimePoint now, const BugSet& bugs) {
  // BUG disabled-accepted: status disabled not checked on S3 requests.
  if (t.status == "disabled" && !bugs.has(Bug::disabled_accepted)) return false;
  if (t.status == "expired") return false;
  // BUG not-before-ignored: not_before not checked.
  if (t.not_before && now < *t.not_before && !bugs.has(Bug::not_before_ignored)) return false;
  if (t.expires_on) {
    // BUG expiry-inclusive: still accepted at exactly expires_on.
    bool expired = bugs.has(Bug::expiry_inclusive) ? now > *t.expires_on : now >= *t.expires_on;
    if (expired) return false;
  }
  return true;
}

bool ip_admitted(const S3Token& t, std::string_view client_ip, const BugSet& bugs) {
  if (!t.condition) return true;
  auto ip = parse_ip(client_ip);
  if (!ip) return false;  // an unparseable peer address cannot satisfy a condition
  const auto& c = *t.condition;
  if (c.in) {
    bool inside = false;
    for (const auto& r : *c.in) inside = inside || range_contains(r, *ip);
    // BUG ip-empty-in-allows: an empty in list admits every IP.
    if (c.in->empty() && bugs.has(Bug::ip_empty_in_allows)) inside = true;
    if (!inside) return false;
  }
  // BUG ip-not-in-ignored: not_in ranges not checked.
  if (!bugs.has(Bug::ip_not_in_ignored))
    for (const auto& r : c.not_in)
      if (range_contains(r, *ip)) return false;
  return true;
}

static bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

static std::string lower_ascii(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

// query-extra-unbound's canonical query: the parameters S3 defines (sub-resources, listing and
// multipart arguments, response overrides) and the X-Amz-* ones of query auth; nothing else.
static std::string without_unknown_parameters(const std::string& target) {
  static constexpr std::string_view kKnown[] = {
      "acl", "cors", "delete", "encryption", "lifecycle", "location", "policy", "tagging", "uploads", "uploadId",
      "partNumber", "versionId", "versions", "list-type", "prefix", "delimiter", "max-keys", "marker",
      "continuation-token", "start-after", "fetch-owner", "encoding-type", "key-marker", "upload-id-marker",
      "max-uploads", "max-parts", "part-number-marker"};
  const auto q = target.find('?');
  std::string out = target.substr(0, q);
  char sep = '?';
  size_t pos = q + 1;
  while (pos <= target.size()) {
    const auto amp = target.find('&', pos);
    const std::string piece = target.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    const std::string name = piece.substr(0, piece.find('='));
    bool keep = name.rfind("X-Amz-", 0) == 0 || name.rfind("response-", 0) == 0;
    for (auto k : kKnown) keep = keep || name == k;
    if (!piece.empty() && keep) {
      out += sep + piece;
      sep = '&';
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

AuthResult authenticate(const HttpRequest& req, TokenStore& tokens, const BugSet& bugs, TimePoint now,
                        bool allow_streaming, bool body_known) {
  AuthResult out;
  // The signature is verified without the body (no copy of up to 64 MiB); the payload hash,
  // verify()'s last check (group 7), is compared here afterwards, in the same place of the order.
  sigv4::HttpRequest sreq{req.method, req.target, req.headers, {}};
  auto qpos = req.target.find('?');
  out.query_auth = qpos != std::string::npos &&
                   sigv4::has_presign_parameters(std::string_view(req.target).substr(qpos + 1));
  std::shared_ptr<const S3Token> token;
  std::string override_secret;
  bool use_override = false;
  sigv4::SecretLookup lookup = [&](std::string_view akid) -> std::optional<std::string> {
    if (use_override) return override_secret;
    if (akid.size() != 32) return std::nullopt;
    token = tokens.s3_lookup(std::string(akid));
    if (!token) return std::nullopt;
    return token->secret;
  };
  auto opts = options_for(bugs, now, allow_streaming);
  const bool check_payload_hash = opts.check_payload_hash && body_known;
  opts.check_payload_hash = false;
  // BUG presign-unsigned-amz-accepted: under a presigned URL, x-amz-* headers need not be signed.
  if (bugs.has(Bug::presign_unsigned_amz_accepted) && out.query_auth) opts.require_signed_amz_headers = false;
  // BUG query-extra-unbound: query parameters S3 does not define are left out of the canonical
  // request, so one added after signing goes unnoticed.
  if (bugs.has(Bug::query_extra_unbound) && qpos != std::string::npos) sreq.target = without_unknown_parameters(req.target);
  auto v = sigv4::verify(sreq, lookup, opts);
  // BUG method-unbound: a signature made for another method is accepted (the verifier retries
  // with each method when the one sent does not match).
  if (v.outcome == sigv4::Outcome::signature_mismatch && bugs.has(Bug::method_unbound)) {
    for (const char* m : {"GET", "HEAD", "PUT", "POST", "DELETE"}) {
      if (m == req.method) continue;
      sigv4::HttpRequest other = sreq;
      other.method = m;
      auto again = sigv4::verify(other, lookup, opts);
      if (again.outcome != sigv4::Outcome::signature_mismatch) {
        v = std::move(again);
        break;
      }
    }
  }
  // BUG roll-keeps-old-secret: a signature by a rolled-away secret still verifies.
  if (v.outcome == sigv4::Outcome::signature_mismatch && token && bugs.has(Bug::roll_keeps_old_secret)) {
    for (const auto& old : token->old_secrets) {
      override_secret = old;
      use_override = true;
      auto again = sigv4::verify(sreq, lookup, opts);
      if (again.outcome != sigv4::Outcome::signature_mismatch) {
        v = std::move(again);
        break;
      }
    }
  }
  if (v.outcome == sigv4::Outcome::ok && check_payload_hash && is_hex64(v.payload_hash)) {
    std::string actual = sha256_hex(req.body);
    if (lower_ascii(v.payload_hash) != actual) {
      v.outcome = sigv4::Outcome::content_sha256_mismatch;
      v.detail = "x-amz-content-sha256 " + v.payload_hash + " but the body hashes to " + actual;
    }
  }
  out.detail = v.detail;
  out.cls = from_outcome(v.outcome);
  if (out.cls == AuthClass::unknown_key && v.access_key_id.size() != 32) out.cls = AuthClass::malformed_credential;
  if (out.cls != AuthClass::ok && out.cls != AuthClass::content_sha256_mismatch) return out;
  out.token = token;
  if (!token) {  // cannot happen after a successful lookup; refuse rather than guess
    out.cls = AuthClass::unknown_key;
    return out;
  }
  bool content_mismatch = out.cls == AuthClass::content_sha256_mismatch;
  if (body_known && v.payload_hash.rfind(sigv4::kStreamingPrefix, 0) == 0 && !content_mismatch) {
    sreq.body = req.body;  // streaming uploads only (off by default): the decoder reads the body
    auto decoded = sigv4::verify_chunked_body(sreq, v, lookup);
    if (decoded.outcome != sigv4::Outcome::ok) {
      out.cls = from_outcome(decoded.outcome);
      out.detail = decoded.detail;
      return out;
    }
    out.streaming = true;
    out.body = std::move(decoded.payload);
  }
  if (!token_usable(*token, now, bugs)) {
    out.cls = AuthClass::inactive_token;
    return out;
  }
  if (!ip_admitted(*token, req.client_ip, bugs)) {
    out.cls = AuthClass::ip_denied;
    return out;
  }
  out.cls = content_mismatch ? AuthClass::content_sha256_mismatch : AuthClass::ok;
  return out;
}

}  // namespace scopecheck::emulator
