// The request and answer values every transport carries, and their one wire form: how a Request
// becomes HTTP/1.1 bytes and how answer bytes become a Response. The TCP client and the
// in-process transport both go through these functions, so both put the same bytes on the wire.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/http/result.h"
#include "harness/http/transport_error.h"
#include "harness/http/url.h"

namespace scopecheck::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // sent as given ("GET", "PUT", or any token)
  std::string target;  // raw, already percent-encoded: "/bucket/key?uploads"
  Headers headers;     // sent in this order; a Host here replaces the endpoint's
  std::string body;
};

struct Response {
  int status = 0;
  Headers headers;  // in wire order, names as the server spelled them
  std::string body;

  // The first header named `name` (ASCII case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
};

struct PerRequestOptions {
  std::optional<std::string> source_address;  // overrides ClientOptions::source_address
  std::optional<std::chrono::milliseconds> request_timeout;
};

// The HTTP/1.1 bytes of `request` sent to `endpoint` (Host added when the request has none,
// Content-Length for bodies, PUT and POST). invalid_request naming `endpoint` when it cannot be
// sent as given (a method or header name that is no token, a line break in a value, a target
// with spaces or control characters, a Content-Length that is not the body's). Never throws.
Expected<std::string, TransportError> serialize_request(const Endpoint& endpoint, Request request);

// The answer in `bytes` (one HTTP/1.1 response, interim 1xx answers before it skipped) to a
// request with method HEAD when `head`. protocol_error for bytes that are no HTTP answer,
// connection_reset for an incomplete one, response_too_large past `max_body`. Never throws.
Expected<Response, TransportError> parse_response(std::string_view bytes, bool head, size_t max_body,
                                                  const std::string& where);

}  // namespace scopecheck::http
