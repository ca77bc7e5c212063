// The harness's HTTP/1.1 client: drives S3 endpoints and the token API of a target.
// Synchronous calls on top of Boost.Beast; keep-alive pool per (endpoint, source address);
// TLS with system roots (plus an optional extra CA), SNI and host name verification;
// curl-like --connect-to overrides; per-request source address binding; bounded answers.
// Thread-safe: several threads may call send() on one Client at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/http/message.h"
#include "harness/http/result.h"
#include "harness/http/transport.h"
#include "harness/http/transport_error.h"
#include "harness/http/url.h"

namespace scopecheck::http {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5000};  // resolve + connect + TLS handshake
  std::chrono::milliseconds request_timeout{30000};  // write the request + read the answer
  size_t max_idle_per_host = 8;
  // "host:port" → "host2:port2", like curl --connect-to: a request to the key's endpoint
  // connects to the value instead; Host, SNI and certificate name stay the endpoint's.
  std::map<std::string, std::string> connect_to;
  std::string source_address;  // bind before connect (e.g. "127.0.0.2", "::1"); "" = any
  bool verify_tls = true;
  std::string ca_file;  // an extra trusted CA (PEM), e.g. a test's self-signed certificate
  int max_retries = 0;  // extra attempts after a transport failure (never after an HTTP answer)
  size_t max_response_body = 64 * 1024 * 1024;  // larger answers fail with response_too_large
};


class Client final : public Transport {
 public:
  // Throws std::runtime_error only if the TLS context cannot be built (unreadable ca_file).
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads its answer. Any HTTP status is a value; a TransportError says
  // why no answer was read, naming host:port. A pooled connection the server had closed is
  // replaced once transparently; other failures are retried up to max_retries times.
  // Never throws.
  Expected<Response, TransportError> send(const Endpoint& endpoint, Request request,
                                          const PerRequestOptions& options = {}) override;

  // Connections opened so far (tests and diagnostics: shows keep-alive at work).
  size_t connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scopecheck::http
