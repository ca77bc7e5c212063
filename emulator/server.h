// The socket layer: two Beast listeners (S3 and token API), async sessions on N threads,
// optional TLS, limits (header/body size, idle and request timeouts, connection cap), fault
// actions (reset, stall). Moves bytes to EmulatorCore and back; decides nothing itself.
#pragma once

#include <cstdint>
#include <memory>

#include "emulator/core.h"

namespace scopecheck::emulator {

class Server {
 public:
  // Throws ConfigError for unreadable TLS files.
  explicit Server(EmulatorCore& core);
  ~Server();
  // Binds both listeners (throws std::runtime_error naming the address on failure) and starts
  // the I/O threads.
  void start();
  // Closes the listeners and connections and joins the threads. Idempotent.
  void stop();
  uint16_t s3_port() const;
  uint16_t api_port() const;
  uint16_t s3_eu_port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scopecheck::emulator
