#include "harness/http/transport_error.h"

#include <gtest/gtest.h>

namespace scopecheck::http {
namespace {

// Messages are stable: users and reports grep for them.
TEST(TransportError, EachCodeHasItsStableMessage) {
  const std::pair<TransportErrc, std::string_view> expected[] = {
      {TransportErrc::resolve_failed, "host name did not resolve"},
      {TransportErrc::bind_failed, "cannot bind source address"},
      {TransportErrc::connect_refused, "connection refused"},
      {TransportErrc::connect_timeout, "connect timed out"},
      {TransportErrc::connect_failed, "connect failed"},
      {TransportErrc::tls_handshake_failed, "TLS handshake failed"},
      {TransportErrc::tls_verify_failed, "TLS certificate verification failed"},
      {TransportErrc::timeout, "request timed out"},
      {TransportErrc::connection_reset, "connection closed by peer"},
      {TransportErrc::protocol_error, "malformed HTTP response"},
      {TransportErrc::response_too_large, "response too large"},
      {TransportErrc::invalid_request, "invalid request"},
  };
  for (const auto& [code, text] : expected) {
    EXPECT_EQ(message(code), text);
    std::error_code ec = code;
    EXPECT_EQ(ec.message(), text);
    EXPECT_STREQ(ec.category().name(), "scopecheck.http");
  }
}

TEST(TransportError, ToStringJoinsMessageAndDetail) {
  TransportError e{TransportErrc::timeout, "127.0.0.1:9000"};
  EXPECT_EQ(e.to_string(), "request timed out: 127.0.0.1:9000");
  EXPECT_EQ((TransportError{TransportErrc::timeout, ""}).to_string(), "request timed out");
}

}  // namespace
}  // namespace scopecheck::http
