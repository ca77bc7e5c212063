// Transport failures of the HTTP client: everything that kept a request from producing an HTTP
// answer. An HTTP answer of any status is not a transport failure. The harness turns these into
// the "unknown" verdict (never a pass), so each kind must be distinguishable.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace scopecheck::http {

enum class TransportErrc {
  resolve_failed = 1,    // the host name did not resolve
  bind_failed,           // the source address could not be bound (not local, wrong family)
  connect_refused,       // the peer answered the SYN with a reset
  connect_timeout,       // resolve + connect + TLS handshake exceeded connect_timeout
  connect_failed,        // any other connect error (unreachable network, ...)
  tls_handshake_failed,  // the TLS handshake failed for a reason other than verification
  tls_verify_failed,     // the peer's certificate chain or name did not verify
  timeout,               // writing the request and reading the answer exceeded request_timeout
  connection_reset,      // the peer closed or reset the connection before a full answer
  protocol_error,        // the answer is not valid HTTP/1.1
  response_too_large,    // the answer's header or body exceeds the configured cap
  invalid_request,       // the request cannot be sent as given (bad method, bad header)
};

// Stable one-line message per value ("connection refused", ...). Tests assert them verbatim.
std::string_view message(TransportErrc code);

// The error category, so codes compose with std::error_code ("scopecheck.http").
const std::error_category& transport_category();
std::error_code make_error_code(TransportErrc code);

// A failure with its kind and a detail naming the endpoint (host:port) and the cause.
struct TransportError {
  TransportErrc code;
  std::string detail;  // e.g. "127.0.0.1:9000: connection refused (Connection refused)"

  // "<message(code)>: <detail>"; the one line a person reads.
  std::string to_string() const;
};

}  // namespace scopecheck::http

template <>
struct std::is_error_code_enum<scopecheck::http::TransportErrc> : std::true_type {};
