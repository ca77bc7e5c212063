#include "harness/sigv4/canonical.h"

#include <algorithm>
#include <utility>

#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/uri_encode.h"

namespace scopecheck::sigv4 {
namespace {

// RFC 3986 remove_dot_segments plus collapsing of empty segments: the generic suites' rule.
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::string_view last_piece;
  std::size_t pos = 0;
  while (true) {
    auto slash = path.find('/', pos);
    std::string_view piece =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (piece == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!piece.empty() && piece != ".") {
      segments.push_back(piece);
    }
    last_piece = piece;
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::string out;
  for (auto seg : segments) out.append("/").append(seg);
  // A path ending in "/", "/." or "/.." names a directory: keep its trailing slash.
  bool trailing_slash = last_piece.empty() || last_piece == "." || last_piece == "..";
  if (out.empty() || trailing_slash) out.append("/");
  return out;
}

std::string trimall(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool pending_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string canonical_uri(std::string_view raw_path, Mode mode) {
  if (raw_path.empty()) return "/";
  if (mode == Mode::s3) return uri_encode(percent_decode_lenient(raw_path), /*keep_slash=*/true);
  return uri_encode(normalize_path(raw_path), /*keep_slash=*/true);
}

std::string canonical_query(std::string_view raw_query, std::string_view exclude) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t pos = 0;
  while (pos <= raw_query.size()) {
    auto amp = raw_query.find('&', pos);
    std::string_view piece =
        raw_query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!piece.empty()) {
      auto eq = piece.find('=');
      std::string name = percent_decode_lenient(piece.substr(0, eq));
      std::string value = eq == std::string_view::npos
                              ? std::string()
                              : percent_decode_lenient(piece.substr(eq + 1));
      if (exclude.empty() || name != exclude)
        params.emplace_back(uri_encode(name), uri_encode(value));
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [n, v] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(n).append("=").append(v);
  }
  return out;
}

std::vector<std::string> normalize_signed_headers(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const auto& n : names) out.push_back(to_lower(n));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string canonical_headers(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers) {
  std::string out;
  for (const auto& name : normalize_signed_headers(signed_headers)) {
    out.append(name).append(":");
    bool first = true;
    for (const auto& [n, v] : request.headers) {
      if (!iequals(n, name)) continue;
      if (!first) out.push_back(',');
      out.append(trimall(v));
      first = false;
    }
    out.push_back('\n');
  }
  return out;
}

std::string canonical_request(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash, Mode mode) {
  return canonical_request(request, signed_headers, payload_hash, mode, {});
}

std::string canonical_request(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash, Mode mode,
                              std::string_view exclude_query_param) {
  auto names = normalize_signed_headers(signed_headers);
  std::string out;
  out.append(request.method).append("\n");
  out.append(canonical_uri(request.path(), mode)).append("\n");
  out.append(canonical_query(request.query(), exclude_query_param)).append("\n");
  out.append(canonical_headers(request, names)).append("\n");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out.push_back(';');
    out.append(names[i]);
  }
  out.append("\n").append(payload_hash);
  return out;
}

std::string credential_scope(std::string_view date8, std::string_view region,
                             std::string_view service) {
  std::string out;
  out.append(date8).append("/").append(region).append("/").append(service).append("/").append(
      kTerminator);
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request) {
  std::string out;
  out.append(kAlgorithm).append("\n").append(amz_date).append("\n").append(scope).append("\n");
  out.append(sha256_hex(canonical_request));
  return out;
}

}  // namespace scopecheck::sigv4
