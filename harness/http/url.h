// Endpoints: where the client connects, parsed from the URLs users and the emulator print
// ("https://acct.r2.cloudflarestorage.com", "http://127.0.0.1:9000").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/http/result.h"

namespace scopecheck::http {

struct Endpoint {
  std::string scheme;  // "http" or "https", lowercase
  std::string host;    // lowercase name, dotted IPv4, or IPv6 without brackets
  uint16_t port = 0;

  bool tls() const { return scheme == "https"; }
  // "host" or "host:port" when the port is not the scheme's default; IPv6 in brackets.
  // The value of a Host header for this endpoint.
  std::string authority() const;
  // "host:port" always (IPv6 in brackets); how error messages and connect_to name an endpoint.
  std::string host_port() const;
  // "scheme://authority".
  std::string to_string() const;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

enum class UrlErrc {
  empty = 1,               // ""
  bad_scheme,              // no "://", or a scheme other than http / https
  has_userinfo,            // "user@host"
  bad_host,                // empty host, bad character, unterminated or invalid [IPv6]
  bad_port,                // not 1..65535 in decimal
  has_path,                // a path other than "/" where only an endpoint is allowed
  has_query_or_fragment,   // "?" or "#"
};

// Stable one-line message per value.
std::string_view message(UrlErrc code);

struct UrlError {
  UrlErrc code;
  std::string detail;  // names the offending part of the input
  std::string to_string() const;
};

// Parses "scheme://host[:port][/]". Total: any input gives an Endpoint or a UrlError.
Expected<Endpoint, UrlError> parse_url(std::string_view url);

// An endpoint plus a base path, for APIs mounted below the root
// ("http://127.0.0.1:8787/client/v4" → path "/client/v4"; no trailing slash, "" for the root).
struct BaseUrl {
  Endpoint endpoint;
  std::string path;
};

// Like parse_url but keeps a path (taken as given: already percent-encoded). Total.
Expected<BaseUrl, UrlError> parse_base_url(std::string_view url);

// Splits "host:port" / "[v6]:port" (the connect_to notation). Total.
Expected<std::pair<std::string, uint16_t>, UrlError> parse_host_port(std::string_view text);

}  // namespace scopecheck::http
