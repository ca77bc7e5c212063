#include "harness/sigv4/presign_query.h"

#include <limits>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/uri_encode.h"

namespace scopecheck::sigv4 {
namespace {

// Calls f(name, value) for each raw "name[=value]" piece of a query string.
template <class F>
void for_each_raw_param(std::string_view query, F&& f) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string_view piece =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!piece.empty()) {
      auto eq = piece.find('=');
      f(piece.substr(0, eq),
        eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  std::int64_t v = 0;
  bool saturated = false;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (!saturated && v > (max - (c - '0')) / 10) saturated = true;
    if (!saturated) v = v * 10 + (c - '0');
  }
  if (saturated) return negative ? std::numeric_limits<std::int64_t>::min() : max;
  return negative ? -v : v;
}

}  // namespace

bool has_presign_parameters(std::string_view raw_query) {
  bool found = false;
  for_each_raw_param(raw_query, [&](std::string_view raw_name, std::string_view) {
    std::string name = percent_decode_lenient(raw_name);
    if (name == kQueryAlgorithm || name == kQueryCredential || name == kQuerySignature)
      found = true;
  });
  return found;
}

Parsed<PresignQuery> parse_presign_query(std::string_view raw_query) {
  std::optional<std::string> algorithm, credential, date, expires, signed_headers, signature, token,
      content_sha;
  bool bad_encoding = false, duplicate = false;
  for_each_raw_param(raw_query, [&](std::string_view raw_name, std::string_view raw_value) {
    auto name = percent_decode(raw_name);
    auto value = percent_decode(raw_value);
    if (!name || !value) {
      bad_encoding = true;
      return;
    }
    std::optional<std::string>* slot = nullptr;
    if (*name == kQueryAlgorithm)
      slot = &algorithm;
    else if (*name == kQueryCredential)
      slot = &credential;
    else if (*name == kQueryDate)
      slot = &date;
    else if (*name == kQueryExpires)
      slot = &expires;
    else if (*name == kQuerySignedHeaders)
      slot = &signed_headers;
    else if (*name == kQuerySignature)
      slot = &signature;
    else if (*name == kQuerySecurityToken)
      slot = &token;
    else if (*name == kQueryContentSha256)
      slot = &content_sha;
    else
      return;
    if (*slot) duplicate = true;
    *slot = std::move(*value);
  });
  if (bad_encoding) return ParseError::bad_percent_encoding;
  if (duplicate) return ParseError::duplicate_field;
  if (!algorithm || !credential || !date || !expires || !signed_headers || !signature) {
    return ParseError::missing_field;
  }
  if (*algorithm != kAlgorithm) return ParseError::unsupported_algorithm;
  auto scope = parse_credential_scope(*credential);
  if (!scope) return scope.error();
  auto when = parse_amz_date(*date);
  if (!when) return when.error();
  auto seconds = parse_int(*expires);
  if (!seconds) return ParseError::bad_expires;
  auto names = parse_signed_headers(*signed_headers);
  if (!names) return names.error();
  if (signature->empty()) return ParseError::bad_field_syntax;
  PresignQuery q;
  q.algorithm = std::move(*algorithm);
  q.credential = std::move(scope).value();
  q.date = *when;
  q.expires = *seconds;
  q.signed_headers = std::move(names).value();
  q.signature = std::move(*signature);
  q.security_token = std::move(token);
  q.content_sha256 = std::move(content_sha);
  return q;
}

std::string to_string(const PresignQuery& q) {
  // Sorted by name, as in a canonical query; the signature goes last as signers write it.
  std::string out;
  auto add = [&](std::string_view name, std::string_view value) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(uri_encode(value));
  };
  add(kQueryAlgorithm, q.algorithm);
  if (q.content_sha256) add(kQueryContentSha256, *q.content_sha256);
  add(kQueryCredential, to_string(q.credential));
  add(kQueryDate, format_amz_date(q.date));
  add(kQueryExpires, std::to_string(q.expires));
  if (q.security_token) add(kQuerySecurityToken, *q.security_token);
  add(kQuerySignedHeaders, join_signed_headers(q.signed_headers));
  add(kQuerySignature, q.signature);
  return out;
}

}  // namespace scopecheck::sigv4
