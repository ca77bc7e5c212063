// The bytes behind a check that failed or stayed unknown: the request as sent (method, URL,
// headers with Authorization and x-amz-date, the body's digest and an excerpt) and the answer as
// received (status, headers, body excerpt). Kept only for those checks, so the passing path copies
// nothing. Credentials: an access key id may appear; a secret never does (an Authorization header
// carries only a signature; a bearer token's value is replaced before it is kept).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/http/message.h"

namespace scopecheck::scenario {

struct SentRequest {
  std::string method;
  std::string url;           // base URL of the endpoint + the raw target; "http://<Host>…" in-process
  bool in_process = false;   // the request went to the in-process emulator: no socket, no real URL
  http::Headers headers;     // as sent, in order (Host included), secrets redacted
  uint64_t body_size = 0;
  std::string body_sha256;   // hex of the whole body
  std::string body_excerpt;  // the first bytes, non-printable ones as \xNN
};

struct ReceivedAnswer {
  int status = 0;
  http::Headers headers;
  uint64_t body_size = 0;
  std::string body_excerpt;
};

struct Exchange {
  int step = 0;  // index into Scenario::steps
  SentRequest request;
  std::optional<ReceivedAnswer> answer;  // none: a transport failure
  std::string transport_error;
  std::string region;         // the region the request was signed for
  std::string access_key_id;  // the key id the request presented ("" anonymous)
};

inline constexpr size_t kExcerptBytes = 512;

// The first kExcerptBytes of `bytes`, printable: control and non-ASCII bytes as \xNN (a body is
// not always text, and case files are UTF-8 JSON).
std::string excerpt(std::string_view bytes);

// A header value as a case file may keep it: a bearer token or session token replaced by
// "<redacted>"; anything else (an Authorization header's key id and signature) as it is.
std::string redact_header(std::string_view name, std::string_view value);

// Captures one request and its answer (`answer` null on a transport failure). `base_url` is the
// endpoint the target sent it to ("" for the in-process emulator).
Exchange capture(int step, const http::Request& request, const http::Response* answer, const std::string& transport_error,
                 const std::string& base_url, const std::string& region, const std::string& access_key_id);

}  // namespace scopecheck::scenario
