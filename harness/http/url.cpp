#include "harness/http/url.h"

#include <boost/asio/ip/address_v6.hpp>

#include <algorithm>
#include <charconv>

namespace scopecheck::http {

std::string_view message(UrlErrc code) {
  switch (code) {
    case UrlErrc::empty: return "empty URL";
    case UrlErrc::bad_scheme: return "URL scheme must be http or https";
    case UrlErrc::has_userinfo: return "URL must not contain user information";
    case UrlErrc::bad_host: return "URL host is invalid";
    case UrlErrc::bad_port: return "URL port is invalid";
    case UrlErrc::has_path: return "URL must not have a path";
    case UrlErrc::has_query_or_fragment: return "URL must not have a query or fragment";
  }
  return "invalid URL";
}

std::string UrlError::to_string() const {
  std::string out(message(code));
  if (!detail.empty()) out += ": " + detail;
  return out;
}

namespace {

bool is_v6(std::string_view host) { return host.find(':') != std::string_view::npos; }

std::string bracketed(std::string_view host) {
  return is_v6(host) ? "[" + std::string(host) + "]" : std::string(host);
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

Unexpected<UrlError> fail(UrlErrc code, std::string_view detail) {
  return Unexpected<UrlError>{UrlError{code, std::string(detail)}};
}

// host[:port] where port is optional (default_port used) or required (default_port == 0).
Expected<std::pair<std::string, uint16_t>, UrlError> split_authority(std::string_view authority,
                                                                     uint16_t default_port) {
  std::string host;
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(UrlErrc::bad_host, authority);
    std::string_view v6 = authority.substr(1, close - 1);
    boost::system::error_code ec;
    boost::asio::ip::make_address_v6(std::string(v6), ec);
    if (ec) return fail(UrlErrc::bad_host, authority);
    host = lowered(v6);
    rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return fail(UrlErrc::bad_host, authority);
  } else {
    auto colon = authority.find(':');
    std::string_view name = authority.substr(0, colon);
    if (name.empty() || name.size() > 253) return fail(UrlErrc::bad_host, authority);
    for (char c : name) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_';
      if (!ok) return fail(UrlErrc::bad_host, authority);
    }
    host = lowered(name);
    rest = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon);
  }
  uint16_t port = default_port;
  if (!rest.empty()) {
    std::string_view digits = rest.substr(1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
        value == 0 || value > 65535 || digits.size() > 5) {
      return fail(UrlErrc::bad_port, authority);
    }
    port = static_cast<uint16_t>(value);
  } else if (default_port == 0) {
    return fail(UrlErrc::bad_port, authority);
  }
  return std::pair{std::move(host), port};
}

}  // namespace

std::string Endpoint::authority() const {
  bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return default_port ? bracketed(host) : host_port();
}

std::string Endpoint::host_port() const { return bracketed(host) + ":" + std::to_string(port); }

std::string Endpoint::to_string() const { return scheme + "://" + authority(); }

Expected<BaseUrl, UrlError> parse_base_url(std::string_view url) {
  if (url.empty()) return fail(UrlErrc::empty, "");
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return fail(UrlErrc::bad_scheme, url);
  std::string scheme = lowered(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return fail(UrlErrc::bad_scheme, scheme);
  std::string_view rest = url.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return fail(UrlErrc::has_query_or_fragment, url);
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return fail(UrlErrc::has_userinfo, authority);
  auto hp = split_authority(authority, scheme == "https" ? 443 : 80);
  if (!hp) return Unexpected<UrlError>{hp.error()};
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  for (unsigned char c : path) {
    if (c <= 0x20 || c >= 0x7f) return fail(UrlErrc::has_path, path);
  }
  return BaseUrl{Endpoint{std::move(scheme), std::move(hp->first), hp->second}, std::string(path)};
}

Expected<Endpoint, UrlError> parse_url(std::string_view url) {
  auto base = parse_base_url(url);
  if (!base) return Unexpected<UrlError>{base.error()};
  if (!base->path.empty()) return fail(UrlErrc::has_path, base->path);
  return std::move(base->endpoint);
}

Expected<std::pair<std::string, uint16_t>, UrlError> parse_host_port(std::string_view text) {
  if (text.empty()) return fail(UrlErrc::empty, "");
  if (text.find_first_of("/?#@") != std::string_view::npos) return fail(UrlErrc::bad_host, text);
  return split_authority(text, 0);
}

}  // namespace scopecheck::http
