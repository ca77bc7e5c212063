// Internal to harness/http and the in-process transport: the Beast message a Request becomes and
// the Response a Beast answer becomes. One definition, so TCP and in-process bytes are the same.
#pragma once

#include <boost/beast/http.hpp>

#include <string>

#include "harness/http/message.h"

namespace scopecheck::http::detail {

namespace bhttp = boost::beast::http;

// The request as it goes on the wire; invalid_request (detail starting with `where`) when it
// cannot be sent as given.
Expected<bhttp::request<bhttp::string_body>, TransportError> build_request(const Endpoint& endpoint, Request request,
                                                                          const std::string& where);

// The bytes of the request as Beast writes it on a connection.
std::string to_wire(bhttp::request<bhttp::string_body>& msg);

// The answer's status, headers in wire order and body.
Response to_response(bhttp::response<bhttp::string_body>&& msg);

bool iequals(std::string_view a, std::string_view b);

}  // namespace scopecheck::http::detail
