// Plain request/response values between the socket layer and the two APIs, so the handlers can
// be driven in-process (tests, the emulator_request fuzzer) without Beast types leaking in.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scopecheck::emulator {

struct HttpRequest {
  std::string method;
  std::string target;  // origin-form, as received (path + '?' + query)
  std::vector<std::pair<std::string, std::string>> headers;  // in received order
  std::string body;
  std::string client_ip;
};

// What the socket layer should do instead of (or besides) sending the answer.
enum class Fault { none, reset, stall };

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool head = false;  // HEAD answer: Content-Length of the body that would be sent, no body
  bool close = false;
  Fault fault = Fault::none;
};

// First header with that name, case-insensitive; nullptr if absent.
const std::string* find_header(const HttpRequest& r, std::string_view name);
// Number of headers with that name (case-insensitive).
size_t count_header(const HttpRequest& r, std::string_view name);

}  // namespace scopecheck::emulator
