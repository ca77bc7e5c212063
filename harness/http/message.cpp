#include "harness/http/message.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>


#include "harness/http/beast_message.h"

namespace scopecheck::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace detail {
namespace {

// RFC 9110 token characters (methods and header names).
bool is_token(std::string_view s) {
  // A table: every header name of every request passes here (a find() per character did not).
  static constexpr auto kToken = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
      t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    return t;
  }();
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!kToken[c]) return false;
  return true;
}

bool has_ctl_or_space(std::string_view s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool has_line_break(std::string_view s) {
  // One pass (find_first_of of a three-character set searches the set for every character).
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return true;
  return false;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

Expected<bhttp::request<bhttp::string_body>, TransportError> build_request(const Endpoint& endpoint, Request request,
                                                                          const std::string& where) {
  auto invalid = [&](std::string cause) {
    return Unexpected{TransportError{TransportErrc::invalid_request, where + " (" + cause + ")"}};
  };
  if (!is_token(request.method)) return invalid("method " + request.method);
  if (request.target.empty() || has_ctl_or_space(request.target)) return invalid("target " + request.target);
  bhttp::request<bhttp::string_body> req;
  req.version(11);
  req.method_string(request.method);
  req.target(request.target);
  bool has_host = false;
  std::optional<std::string> content_length;
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name) || has_line_break(value)) return invalid("header " + name);
    if (iequals(name, "host")) has_host = true;
    if (iequals(name, "content-length")) {
      content_length = value;
      continue;
    }
    req.insert(name, value);
  }
  if (!has_host) req.set(bhttp::field::host, endpoint.authority());
  if (content_length && *content_length != std::to_string(request.body.size()))
    return invalid("Content-Length " + *content_length + " but body has " + std::to_string(request.body.size()) +
                   " bytes");
  if (content_length || !request.body.empty() || iequals(request.method, "PUT") || iequals(request.method, "POST"))
    req.content_length(request.body.size());
  req.body() = std::move(request.body);
  return req;
}

std::string to_wire(bhttp::request<bhttp::string_body>& msg) {
  // Beast's serializer straight into one string: the bytes operator<< writes, without an
  // ostringstream (its locale and a copy of the whole message per request).
  std::string out;
  out.reserve(256 + msg.body().size());
  bhttp::serializer<true, bhttp::string_body> sr{msg};
  beast::error_code ec;
  do {
    sr.next(ec, [&](beast::error_code&, const auto& buffers) {
      std::size_t n = 0;
      for (auto b : beast::buffers_range_ref(buffers)) {
        out.append(static_cast<const char*>(b.data()), b.size());
        n += b.size();
      }
      sr.consume(n);
    });
  } while (!ec && !sr.is_done());
  if (ec) throw beast::system_error(ec);
  return out;
}

Response to_response(bhttp::response<bhttp::string_body>&& msg) {
  Response response;
  response.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  response.body = std::move(msg.body());
  return response;
}

}  // namespace detail

std::string Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return value;
  }
  return {};
}

Expected<std::string, TransportError> serialize_request(const Endpoint& endpoint, Request request) {
  try {
    auto req = detail::build_request(endpoint, std::move(request), endpoint.host_port());
    if (!req) return Unexpected{req.error()};
    return detail::to_wire(*req);
  } catch (const std::exception& e) {
    return Unexpected{TransportError{TransportErrc::protocol_error, endpoint.host_port() + " (" + e.what() + ")"}};
  }
}

Expected<Response, TransportError> parse_response(std::string_view bytes, bool head, size_t max_body,
                                                  const std::string& where) {
  try {
    for (;;) {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(max_body);
      parser.header_limit(256 * 1024);
      if (head) parser.skip(true);
      beast::error_code ec;
      // The header first: an eager parse of a header and body arriving together skips the
      // body_limit check of the Content-Length (Boost 1.74), as the TCP client notes too.
      size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
      if (!ec && parser.is_header_done() && !parser.is_done()) {
        if (parser.content_length() && *parser.content_length() > max_body) {
          ec = bhttp::error::body_limit;
        } else {
          parser.eager(true);
          used += parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
        }
      }
      if (!ec && !parser.is_done() && parser.need_eof()) parser.put_eof(ec);
      if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
        return Unexpected{TransportError{TransportErrc::response_too_large, where + " (" + ec.message() + ")"}};
      if (ec == bhttp::error::need_more || (!ec && !parser.is_done()))
        return Unexpected{TransportError{TransportErrc::connection_reset, where + " (the answer ended early)"}};
      if (ec) return Unexpected{TransportError{TransportErrc::protocol_error, where + " (" + ec.message() + ")"}};
      const int status = static_cast<int>(parser.get().result_int());
      if (status >= 100 && status < 200 && status != 101) {  // interim answer: the real one follows
        bytes.remove_prefix(used);
        continue;
      }
      return detail::to_response(parser.release());
    }
  } catch (const std::exception& e) {
    return Unexpected{TransportError{TransportErrc::protocol_error, where + " (" + e.what() + ")"}};
  }
}

}  // namespace scopecheck::http
