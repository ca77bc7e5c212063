#include "harness/http/transport_error.h"

namespace scopecheck::http {

std::string_view message(TransportErrc code) {
  switch (code) {
    case TransportErrc::resolve_failed: return "host name did not resolve";
    case TransportErrc::bind_failed: return "cannot bind source address";
    case TransportErrc::connect_refused: return "connection refused";
    case TransportErrc::connect_timeout: return "connect timed out";
    case TransportErrc::connect_failed: return "connect failed";
    case TransportErrc::tls_handshake_failed: return "TLS handshake failed";
    case TransportErrc::tls_verify_failed: return "TLS certificate verification failed";
    case TransportErrc::timeout: return "request timed out";
    case TransportErrc::connection_reset: return "connection closed by peer";
    case TransportErrc::protocol_error: return "malformed HTTP response";
    case TransportErrc::response_too_large: return "response too large";
    case TransportErrc::invalid_request: return "invalid request";
  }
  return "unknown transport error";
}

namespace {
class Category : public std::error_category {
 public:
  const char* name() const noexcept override { return "scopecheck.http"; }
  std::string message(int value) const override {
    return std::string(http::message(static_cast<TransportErrc>(value)));
  }
};
}  // namespace

const std::error_category& transport_category() {
  static const Category category;
  return category;
}

std::error_code make_error_code(TransportErrc code) {
  return {static_cast<int>(code), transport_category()};
}

std::string TransportError::to_string() const {
  std::string out(message(code));
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace scopecheck::http
