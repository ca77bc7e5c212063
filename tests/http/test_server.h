// A small Beast HTTP/1.1 server for the client tests: binds 127.0.0.1 on an ephemeral port,
// runs on its own thread, counts accepted connections, records what it saw, and answers
// through a handler that can also misbehave (close, drop, never answer). Stopped by the
// destructor.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scopecheck::http::testing {

struct SeenRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer_address;  // the client's source address as the server saw it

  std::string header(const std::string& name) const;
};

struct Answer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // After answering, close the connection without announcing it (keep-alive stays on), as a
  // server does when an idle connection times out.
  bool close_after = false;
  // Close the connection without answering.
  bool drop = false;
  // Never answer and keep the connection open.
  bool never_answer = false;
};

using Handler = std::function<Answer(const SeenRequest&)>;

struct TlsIdentity {
  std::string cert_pem;
  std::string key_pem;
};

class TestServer {
 public:
  explicit TestServer(Handler handler, std::optional<TlsIdentity> tls = std::nullopt);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const;
  size_t accepted() const;
  std::vector<SeenRequest> requests() const;
  std::vector<std::string> peers() const;  // one per accepted connection

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// A self-signed certificate (also usable as its own CA) for the given subjectAltNames
// ("DNS:s3.test", "IP:127.0.0.1"), made with the OpenSSL API.
TlsIdentity make_self_signed(const std::vector<std::string>& alt_names);

// Writes `text` to a fresh file under the temp directory and returns its path.
std::string write_temp_file(const std::string& text);

}  // namespace scopecheck::http::testing
