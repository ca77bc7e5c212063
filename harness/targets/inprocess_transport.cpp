#include "harness/targets/inprocess_transport.h"

#include "emulator/emulator.h"
#include "harness/http/beast_message.h"

namespace scopecheck::targets {

InProcessTransport::InProcessTransport(emulator::Emulator& emulator, http::Endpoint s3, http::Endpoint api,
                                       size_t max_response_body)
    : emulator_(emulator), s3_(std::move(s3)), api_(std::move(api)), max_response_body_(max_response_body) {}

http::Expected<http::Response, http::TransportError> InProcessTransport::send(const http::Endpoint& endpoint,
                                                                              http::Request request,
                                                                              const http::PerRequestOptions& options) {
  const std::string where = endpoint.host_port();
  const bool s3 = endpoint == s3_;
  if (!s3 && !(endpoint == api_))
    return http::Unexpected{http::TransportError{http::TransportErrc::connect_refused, where + " (not the emulator's endpoint)"}};
  const bool head = http::detail::iequals(request.method, "HEAD");
  auto bytes = http::serialize_request(endpoint, std::move(request));
  if (!bytes) return http::Unexpected{bytes.error()};
  const std::string source = options.source_address.value_or("127.0.0.1");
  auto answer = emulator_.exchange(*bytes, source, s3 ? emulator::Emulator::Listener::s3 : emulator::Emulator::Listener::api);
  using Fault = emulator::Emulator::Exchange::Fault;
  if (answer.fault == Fault::reset)
    return http::Unexpected{http::TransportError{http::TransportErrc::connection_reset, where + " (reset by the emulator)"}};
  if (answer.fault == Fault::stall)
    return http::Unexpected{http::TransportError{http::TransportErrc::timeout, where + " (the emulator held the answer)"}};
  return http::parse_response(answer.bytes, head, max_response_body_, where);
}

}  // namespace scopecheck::targets
