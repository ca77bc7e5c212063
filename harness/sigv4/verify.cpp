#include "harness/sigv4/verify.h"

#include <fmt/format.h>
#include <algorithm>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/authorization.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/presign_query.h"
#include "harness/sigv4/sigv2.h"

namespace scopecheck::sigv4 {
namespace {

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool is_streaming(std::string_view v) {
  return v.substr(0, kStreamingPrefix.size()) == kStreamingPrefix;
}

bool is_known_streaming(std::string_view v) {
  return v == kStreamingPayload || v == kStreamingPayloadTrailer || v == kStreamingUnsignedTrailer;
}

VerifyResult& fail(VerifyResult& r, Outcome o, std::string detail) {
  r.outcome = o;
  r.detail = std::move(detail);
  return r;
}

// The fields common to header and query auth, once parsed.
struct Parsed4 {
  CredentialScope credential;
  std::vector<std::string> signed_headers;
  std::string signature;
  std::chrono::sys_seconds date{};
};

// Group-1 scope checks shared by both forms (SC-SIG-3, SC-SIG-4). Returns an empty string when
// fine.
std::string scope_problem(const CredentialScope& c, std::string_view amz_date,
                          const VerifyOptions& o) {
  if (c.terminator != kTerminator)
    return fmt::format("credential scope terminator '{}' is not aws4_request", c.terminator);
  if (o.check_service && c.service != o.service) {
    return fmt::format("credential scope service '{}' is not '{}'", c.service, o.service);
  }
  if (o.check_region && !o.allowed_regions.empty() &&
      std::find(o.allowed_regions.begin(), o.allowed_regions.end(), c.region) ==
          o.allowed_regions.end()) {
    return fmt::format("credential scope region '{}' is not accepted", c.region);
  }
  if (c.date != amz_date.substr(0, 8)) {
    return fmt::format("credential scope date {} is not the date of {}", c.date, amz_date);
  }
  return {};
}

bool signature_matches(std::string_view provided, std::string_view expected,
                       std::size_t compare_chars) {
  if (compare_chars >= 64)
    return is_lower_hex64(provided) && constant_time_equal(provided, expected);
  // The signature-prefix-compare mutant: only a prefix decides.
  return provided.size() >= compare_chars &&
         constant_time_equal(provided.substr(0, compare_chars), expected.substr(0, compare_chars));
}

// Group 2: the secret, or unknown-key.
std::optional<std::string> find_secret(VerifyResult& r, const SecretLookup& lookup) {
  std::optional<std::string> secret = lookup(r.access_key_id);
  if (!secret)
    fail(r, Outcome::unknown_key, fmt::format("access key id '{}' is unknown", r.access_key_id));
  return secret;
}

// Groups 4 to 7, common to both forms once groups 1 to 3 passed.
VerifyResult& finish(VerifyResult& r, const HttpRequest& req, const Parsed4& p,
                     const std::string& secret, const VerifyOptions& o) {
  // Group 4: the signature, then unsigned headers.
  for (const auto& name : p.signed_headers) {
    if (!req.header(name)) {
      return fail(r, Outcome::signature_mismatch,
                  fmt::format("signed header '{}' is not in the request", name));
    }
  }
  r.canonical_request = canonical_request(req, p.signed_headers, r.payload_hash, o.mode,
                                          r.presigned ? kQuerySignature : std::string_view{});
  r.string_to_sign = string_to_sign(r.amz_date, r.scope, r.canonical_request);
  const auto& c = p.credential;
  std::string key = o.key_cache ? o.key_cache->get(secret, c.date, c.region, c.service)
                                : derive_signing_key(secret, c.date, c.region, c.service);
  r.expected_signature = sign_string(key, r.string_to_sign);
  if (!signature_matches(r.provided_signature, r.expected_signature, o.signature_compare_chars)) {
    return fail(r, Outcome::signature_mismatch,
                fmt::format("signature {} is not the expected {}", r.provided_signature,
                            r.expected_signature));
  }
  auto signed_set = normalize_signed_headers(p.signed_headers);
  for (const auto& [n, v] : req.headers) {
    std::string name = to_lower(n);
    bool must =
        (name == kHeaderHost && o.require_signed_host) || (o.require_signed_amz_headers &&
                                name.substr(0, kAmzHeaderPrefix.size()) == kAmzHeaderPrefix);
    if (must && !std::binary_search(signed_set.begin(), signed_set.end(), name) &&
        std::find(r.unsigned_headers.begin(), r.unsigned_headers.end(), name) ==
            r.unsigned_headers.end()) {
      r.unsigned_headers.push_back(name);
    }
  }
  if (!r.unsigned_headers.empty()) {
    std::string names;
    for (const auto& n : r.unsigned_headers) names.append(names.empty() ? "" : ", ").append(n);
    return fail(r, Outcome::unsigned_header,
                fmt::format("headers present but not signed: {}", names));
  }

  // Group 7.
  if (o.check_payload_hash && is_hex64(r.payload_hash)) {
    std::string actual = sha256_hex(req.body);
    if (to_lower(r.payload_hash) != actual) {
      return fail(
          r, Outcome::content_sha256_mismatch,
          fmt::format("x-amz-content-sha256 {} but the body hashes to {}", r.payload_hash, actual));
    }
  }
  r.outcome = Outcome::ok;
  r.detail = "signature verified";
  return r;
}

VerifyResult verify_header(const HttpRequest& req, std::string_view authorization,
                           const SecretLookup& lookup, const VerifyOptions& o) {
  VerifyResult r;
  auto auth = parse_authorization_header(authorization);
  if (!auth) {
    return fail(r, Outcome::malformed_auth,
                fmt::format("Authorization header: {}", parse_error_message(auth.error())));
  }
  const auto& c = auth->credential;
  r.access_key_id = c.access_key_id;
  r.region = c.region;
  r.service = c.service;
  r.scope = scope_string(c);
  r.provided_signature = auth->signature;
  if (auto token = req.header(kHeaderSecurityToken)) r.security_token = std::string(*token);

  auto dates = req.header_values(kHeaderAmzDate);
  if (dates.empty()) return fail(r, Outcome::malformed_auth, "no x-amz-date header");
  if (dates.size() > 1) return fail(r, Outcome::malformed_auth, "more than one x-amz-date header");
  r.amz_date = std::string(dates.front());
  auto date = parse_amz_date(r.amz_date);
  if (!date)
    return fail(r, Outcome::malformed_auth,
                fmt::format("x-amz-date '{}' is not YYYYMMDDTHHMMSSZ", r.amz_date));
  if (auto problem = scope_problem(c, r.amz_date, o); !problem.empty()) {
    return fail(r, Outcome::malformed_auth, problem);
  }

  auto hashes = req.header_values(kHeaderContentSha256);
  if (hashes.size() > 1)
    return fail(r, Outcome::malformed_auth, "more than one x-amz-content-sha256 header");
  if (!hashes.empty()) {
    std::string_view h = hashes.front();
    bool streaming = is_streaming(h);
    bool valid = is_hex64(h) || h == kUnsignedPayload ||
                 (streaming && (!o.allow_streaming || is_known_streaming(h)));
    if (!valid) {
      return fail(
          r, Outcome::malformed_auth,
          fmt::format("x-amz-content-sha256 '{}' is not a hash, UNSIGNED-PAYLOAD or STREAMING-*",
                      h));
    }
    if (streaming && !o.allow_streaming) {
      return fail(r, Outcome::streaming_unsupported, fmt::format("x-amz-content-sha256 is {}", h));
    }
    r.payload_hash = std::string(h);
  } else if (o.mode == Mode::s3) {
    return fail(r, Outcome::missing_content_sha256, "header auth without x-amz-content-sha256");
  } else {
    r.payload_hash = sha256_hex(req.body);
  }
  auto secret = find_secret(r, lookup);
  if (!secret) return r;
  // Group 3: header auth is valid within max_skew of now, both ways (SC-SIG-5).
  if (o.check_skew) {
    auto skew = o.now > *date ? o.now - *date : *date - o.now;
    if (skew > o.max_skew) {
      return fail(r, Outcome::time_skewed,
                  fmt::format("x-amz-date {} is {}s from now {} (max {}s)", r.amz_date,
                              skew.count(), format_amz_date(o.now), o.max_skew.count()));
    }
  }
  Parsed4 p{c, auth->signed_headers, auth->signature, *date};
  return finish(r, req, p, *secret, o);
}

VerifyResult verify_query(const HttpRequest& req, const SecretLookup& lookup,
                          const VerifyOptions& o) {
  VerifyResult r;
  r.presigned = true;
  auto q = parse_presign_query(req.query());
  if (!q)
    return fail(r, Outcome::malformed_auth,
                fmt::format("presign query: {}", parse_error_message(q.error())));
  const auto& c = q->credential;
  r.access_key_id = c.access_key_id;
  r.region = c.region;
  r.service = c.service;
  r.scope = scope_string(c);
  r.provided_signature = q->signature;
  r.security_token = q->security_token.value_or("");
  r.amz_date = format_amz_date(q->date);
  if (auto problem = scope_problem(c, r.amz_date, o); !problem.empty()) {
    return fail(r, Outcome::malformed_auth, problem);
  }
  if (q->content_sha256) {
    const std::string& h = *q->content_sha256;
    if (!is_hex64(h) && h != kUnsignedPayload) {
      return fail(r, Outcome::malformed_auth,
                  fmt::format("X-Amz-Content-Sha256 '{}' is not a hash", h));
    }
    r.payload_hash = h;
  } else {
    r.payload_hash = std::string(kUnsignedPayload);
  }

  // Group 2 before group 3: an unknown key wins over a bad expiry.
  auto secret = find_secret(r, lookup);
  if (!secret) return r;
  if (q->expires < 1 || q->expires > o.max_presign_expires) {
    return fail(
        r, Outcome::presign_bad_expiry,
        fmt::format("X-Amz-Expires {} is outside 1..{}", q->expires, o.max_presign_expires));
  }
  if (o.check_presign_expiry && (o.now - q->date).count() >= q->expires) {
    return fail(r, Outcome::presign_expired,
                fmt::format("signed at {} for {}s; now is {}", r.amz_date, q->expires,
                            format_amz_date(o.now)));
  }
  Parsed4 p{c, q->signed_headers, q->signature, q->date};
  return finish(r, req, p, *secret, o);
}

}  // namespace

VerifyResult verify(const HttpRequest& request, const SecretLookup& lookup,
                    const VerifyOptions& options) {
  auto authorizations = request.header_values(kHeaderAuthorization);
  bool query_auth = has_presign_parameters(request.query());
  SigV2Kind v2 = detect_sigv2(request);
  VerifyResult r;
  if (authorizations.size() > 1)
    return fail(r, Outcome::malformed_auth, "more than one Authorization header");
  if (!authorizations.empty()) {
    if (v2 == SigV2Kind::header)
      return fail(r, Outcome::sigv2_unsupported, "Authorization: AWS AKID:signature");
    if (query_auth)
      return fail(r, Outcome::malformed_auth,
                  "both an Authorization header and X-Amz-* query auth");
    return verify_header(request, authorizations.front(), lookup, options);
  }
  if (query_auth) return verify_query(request, lookup, options);
  if (v2 == SigV2Kind::query)
    return fail(r, Outcome::sigv2_unsupported, "Signature= or AWSAccessKeyId= query auth");
  return fail(r, Outcome::anonymous, "no Authorization header and no X-Amz-* query auth");
}

ChunkedDecodeResult verify_chunked_body(const HttpRequest& request, const VerifyResult& seed,
                                        const SecretLookup& lookup) {
  ChunkedDecodeResult out;
  if (seed.outcome != Outcome::ok) {
    out.outcome = seed.outcome;
    out.detail = "the seed request did not verify";
    return out;
  }
  const std::string& mode = seed.payload_hash;
  if (mode == kStreamingUnsignedTrailer) {
    out = decode_aws_chunked_unsigned(request.body);
  } else if (mode == kStreamingPayload || mode == kStreamingPayloadTrailer) {
    auto secret = lookup(seed.access_key_id);
    if (!secret) {
      out.outcome = Outcome::unknown_key;
      out.detail = fmt::format("access key id '{}' is unknown", seed.access_key_id);
      return out;
    }
    auto scope = parse_credential_scope(seed.access_key_id + "/" + seed.scope);
    if (!scope) {
      out.outcome = Outcome::malformed_auth;
      out.detail = "the seed's credential scope does not parse";
      return out;
    }
    ChunkSigningContext ctx{derive_signing_key(*secret, scope->date, scope->region, scope->service),
                            seed.amz_date, seed.scope};
    out = decode_aws_chunked(request.body, ctx, seed.expected_signature,
                             mode == kStreamingPayloadTrailer);
  } else {
    out.outcome = Outcome::malformed_auth;
    out.detail = fmt::format("payload '{}' is not a streaming payload", mode);
    return out;
  }
  if (out.outcome != Outcome::ok) return out;
  if (auto declared = request.header(kHeaderDecodedContentLength)) {
    if (*declared != std::to_string(out.payload.size())) {
      out.outcome = Outcome::malformed_auth;
      out.detail = fmt::format("x-amz-decoded-content-length {} but the chunks hold {} bytes",
                               *declared, out.payload.size());
      out.payload.clear();
    }
  }
  return out;
}

}  // namespace scopecheck::sigv4
