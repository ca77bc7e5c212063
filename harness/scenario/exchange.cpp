#include "harness/scenario/exchange.h"

#include <fmt/format.h>

#include <strings.h>

#include "harness/sigv4/crypto.h"

namespace scopecheck::scenario {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

http::Headers redacted(const http::Headers& in) {
  http::Headers out;
  out.reserve(in.size());
  for (const auto& [name, value] : in) out.emplace_back(name, redact_header(name, value));
  return out;
}

}  // namespace

std::string excerpt(std::string_view bytes) {
  const auto part = bytes.substr(0, kExcerptBytes);
  std::string out;
  out.reserve(part.size());
  for (unsigned char c : part) {
    if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t') out += static_cast<char>(c);
    else if (c == '\r') continue;  // CRLF in a body reads as a line break
    else out += fmt::format("\\x{:02x}", c);
  }
  return out;
}

std::string redact_header(std::string_view name, std::string_view value) {
  if (iequals(name, "Authorization") && value.size() >= 7 && iequals(value.substr(0, 7), "Bearer "))
    return "Bearer <redacted>";
  if (iequals(name, "x-amz-security-token") || iequals(name, "X-Auth-Token") || iequals(name, "X-Storage-Token"))
    return "<redacted>";
  return std::string(value);
}

Exchange capture(int step, const http::Request& request, const http::Response* answer, const std::string& transport_error,
                 const std::string& base_url, const std::string& region, const std::string& access_key_id) {
  Exchange x;
  x.step = step;
  x.region = region;
  x.access_key_id = access_key_id;
  x.transport_error = transport_error;
  auto& r = x.request;
  r.method = request.method;
  r.in_process = base_url.empty();
  if (r.in_process) {
    std::string host;
    for (const auto& [name, value] : request.headers)
      if (iequals(name, "Host")) host = value;
    r.url = "http://" + host + request.target;
  } else {
    r.url = base_url + request.target;
  }
  r.headers = redacted(request.headers);
  r.body_size = request.body.size();
  r.body_sha256 = sigv4::sha256_hex(request.body);
  r.body_excerpt = excerpt(request.body);
  if (answer) {
    ReceivedAnswer a;
    a.status = answer->status;
    a.headers = redacted(answer->headers);
    a.body_size = answer->body.size();
    a.body_excerpt = excerpt(answer->body);
    x.answer = std::move(a);
  }
  return x;
}

}  // namespace scopecheck::scenario
