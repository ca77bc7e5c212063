#include "harness/sigv4/signer.h"

#include <algorithm>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/authorization.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signing_key.h"
#include "harness/sigv4/uri_encode.h"

namespace scopecheck::sigv4 {
namespace {
std::string signing_key(std::string_view secret, std::string_view date8, const SignOptions& o) {
  return o.key_cache ? o.key_cache->get(secret, date8, o.region, o.service)
                     : derive_signing_key(secret, date8, o.region, o.service);
}
}  // namespace

namespace {

bool starts_with_amz(std::string_view lower_name) {
  return lower_name.substr(0, kAmzHeaderPrefix.size()) == kAmzHeaderPrefix;
}

// host (when present), every x-amz-* header present, and the extras, but none left unsigned on
// purpose; normalized.
std::vector<std::string> headers_to_sign(const HttpRequest& request, const SignOptions& options) {
  std::vector<std::string> names = options.extra_signed_headers;
  for (const auto& [n, v] : request.headers) {
    std::string lower = to_lower(n);
    if (lower == kHeaderHost || starts_with_amz(lower)) names.push_back(std::move(lower));
  }
  for (const auto& left : options.leave_unsigned)
    names.erase(std::remove(names.begin(), names.end(), to_lower(left)), names.end());
  return normalize_signed_headers(names);
}

// Removes the query parameters that carry SigV4 query auth, so presigning twice re-signs.
std::string strip_auth_params(std::string_view query) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string_view piece =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    std::string name = percent_decode_lenient(piece.substr(0, piece.find('=')));
    bool auth = name == kQueryAlgorithm || name == kQueryCredential || name == kQueryDate ||
                name == kQueryExpires || name == kQuerySignedHeaders || name == kQuerySignature ||
                name == kQuerySecurityToken;
    if (!piece.empty() && !auth) {
      if (!out.empty()) out.push_back('&');
      out.append(piece);
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return out;
}

}  // namespace

HttpRequest sign_headers(HttpRequest request, const Credentials& credentials,
                         const SignOptions& options, SigningDetails* details) {
  const std::string amz_date = format_amz_date(options.time);
  const std::string date8 = amz_date.substr(0, 8);
  request.remove_header(kHeaderAuthorization);
  request.set_header("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty())
    request.set_header("X-Amz-Security-Token", credentials.session_token);
  const std::string payload =
      options.payload_hash.empty() ? sha256_hex(request.body) : options.payload_hash;
  if (options.add_content_sha256_header) request.set_header(kHeaderContentSha256, payload);

  SigningDetails d;
  d.signed_headers = headers_to_sign(request, options);
  d.canonical_request = canonical_request(request, d.signed_headers, payload, options.mode);
  const std::string scope = credential_scope(date8, options.region, options.service);
  d.string_to_sign = string_to_sign(amz_date, scope, d.canonical_request);
  d.signature = sign_string(
      signing_key(credentials.secret_access_key, date8, options),
      d.string_to_sign);

  AuthorizationHeader auth{std::string(kAlgorithm),
                           CredentialScope{credentials.access_key_id, date8, options.region,
                                           options.service, std::string(kTerminator)},
                           d.signed_headers, d.signature};
  request.headers.emplace_back("Authorization", to_string(auth));
  if (details) *details = std::move(d);
  return request;
}

HttpRequest presign(HttpRequest request, const Credentials& credentials, const SignOptions& options,
                    std::int64_t expires_seconds, SigningDetails* details) {
  const std::string amz_date = format_amz_date(options.time);
  const std::string date8 = amz_date.substr(0, 8);
  SigningDetails d;
  d.signed_headers = headers_to_sign(request, options);

  std::string path(request.path());
  std::string query = strip_auth_params(request.query());
  auto add = [&](std::string_view name, std::string_view value) {
    if (!query.empty()) query.push_back('&');
    query.append(name).append("=").append(uri_encode(value));
  };
  add(kQueryAlgorithm, kAlgorithm);
  add(kQueryCredential,
      credentials.access_key_id + "/" + credential_scope(date8, options.region, options.service));
  add(kQueryDate, amz_date);
  add(kQueryExpires, std::to_string(expires_seconds));
  add(kQuerySignedHeaders, join_signed_headers(d.signed_headers));
  if (!credentials.session_token.empty()) add(kQuerySecurityToken, credentials.session_token);
  request.target = path + "?" + query;

  const std::string payload =
      options.payload_hash.empty() ? std::string(kUnsignedPayload) : options.payload_hash;
  d.canonical_request = canonical_request(request, d.signed_headers, payload, options.mode);
  d.string_to_sign = string_to_sign(
      amz_date, credential_scope(date8, options.region, options.service), d.canonical_request);
  d.signature = sign_string(
      signing_key(credentials.secret_access_key, date8, options),
      d.string_to_sign);
  add(kQuerySignature, d.signature);
  request.target = path + "?" + query;
  if (details) *details = std::move(d);
  return request;
}

}  // namespace scopecheck::sigv4
