// What moves a request to an endpoint and its answer back. Two kinds implement it: the TCP/TLS
// client (harness/http/client.h) and, for the emulator, an in-process exchange of the very same
// request and answer bytes (harness/targets/inprocess_transport.h). A transport moves bytes; it
// never changes them.
#pragma once

#include "harness/http/message.h"
#include "harness/http/result.h"
#include "harness/http/transport_error.h"
#include "harness/http/url.h"

namespace scopecheck::http {

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request and reads its answer. Any HTTP status is a value; a TransportError says
  // why no answer was read. Never throws. Safe to call from several threads at once.
  virtual Expected<Response, TransportError> send(const Endpoint& endpoint, Request request,
                                                  const PerRequestOptions& options = {}) = 0;
};

}  // namespace scopecheck::http
