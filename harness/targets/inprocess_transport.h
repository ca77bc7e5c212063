// The emulator without sockets: a request's bytes (serialized exactly as the TCP client writes
// them) go to the emulator's handler and its answer's bytes (as its server would write them) are
// parsed exactly as the TCP client parses them. Nothing is interpreted on the way; only the two
// socket actions of an injected fault are translated: a reset becomes connection_reset, a stall
// becomes a timeout at once (the answer would have come after the client's timeout).
#pragma once

#include <string>

#include "harness/http/transport.h"

namespace scopecheck::emulator {
class Emulator;
}

namespace scopecheck::targets {

class InProcessTransport final : public http::Transport {
 public:
  // Requests to `s3` go to the emulator's S3 handler, to `api` to its token API; any other
  // endpoint is refused (connect_refused). `emulator` must outlive the transport.
  InProcessTransport(emulator::Emulator& emulator, http::Endpoint s3, http::Endpoint api,
                     size_t max_response_body = 64 * 1024 * 1024);

  http::Expected<http::Response, http::TransportError> send(const http::Endpoint& endpoint, http::Request request,
                                                             const http::PerRequestOptions& options = {}) override;

 private:
  emulator::Emulator& emulator_;
  http::Endpoint s3_, api_;
  size_t max_response_body_;
};

}  // namespace scopecheck::targets
