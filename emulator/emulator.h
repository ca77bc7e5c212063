// The emulated R2-style endpoint: a Cloudflare-style token API and an S3 endpoint over real
// HTTP (Boost.Beast, async, N threads), started in-process by the harness or by
// `scopecheck emulate`. Shares no code with harness/model/ (only harness/sigv4/).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/bugs.h"
#include "emulator/clock.h"

namespace scopecheck::emulator {

struct EmulatorConfig {
  std::string listen = "127.0.0.1:0";      // S3 listener, host:port (0 = ephemeral)
  std::string api_listen = "127.0.0.1:0";  // token API listener
  // Optional second S3 listener for the eu jurisdiction: there a Host outside base_domain (an IP
  // address) means jurisdiction eu, so both endpoints can be plain loopback addresses.
  std::string eu_listen;
  std::string base_domain = "r2.localhost";
  std::string account = "0123456789abcdef0123456789abcdef";
  std::string bootstrap_token;  // empty: reuse the persisted one or make one
  std::string data_dir;         // empty: memory only
  int propagation_delay_seconds = 0;
  std::vector<std::string> inject;  // MUTANTS.md names
  std::optional<std::string> test_clock;  // RFC 3339 start instant: a controllable clock
  bool streaming = false;               // verify STREAMING-* chunk by chunk (else 501)
  std::string tls_cert, tls_key;        // PEM files: HTTPS on both listeners
  double faults = 0.0;                  // share of S3 answers turned into transient failures
  uint64_t seed = 0;                    // token ids, values, upload ids, fault choice
  int threads = 2;
  // Limits (the memory they bound: emulator/README.md "Limits and memory").
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 64 * 1024 * 1024;  // S3 listener; read only once the header section passed
                                             // authentication when above 64 KiB
  size_t max_api_body_bytes = 1024 * 1024;   // token API listener, at most max_body_bytes (small JSON)
  // S3 bodies over 64 KiB being read or handled at once, by announced size (unknown: max_body_bytes);
  // a request that would go over waits for nothing: 503 SlowDown.
  std::uint64_t max_inflight_body_bytes = 256ull * 1024 * 1024;
  int idle_timeout_seconds = 30;    // for the first byte of a request on an open connection
  int header_timeout_seconds = 10;  // for the rest of the header section (capped at idle)
  int request_timeout_seconds = 60;
  int max_connections = 512;  // per listener: a flood on one port leaves the other's slots free
  int stall_seconds = 35;  // how long a "delay past the client's timeout" fault holds the answer
};

// Raised by the constructor for a config that cannot run (unknown --inject name, bad test-clock
// instant, unreadable data dir, unreadable TLS files). what() is one line naming the problem.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the --inject names (throws ConfigError naming the first unknown one).
BugSet parse_bug_names(const std::vector<std::string>& names);

class EmulatorCore;  // the handlers, storage and tokens (emulator/core.h)

class Emulator {
 public:
  explicit Emulator(EmulatorConfig config);  // throws ConfigError
  ~Emulator();                               // stops
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Binds both listeners and runs config.threads I/O threads. Throws std::runtime_error when a
  // listener cannot bind.
  void start();
  // Closes the listeners, ends open connections and joins the threads. Idempotent.
  void stop();

  uint16_t s3_port() const;
  uint16_t api_port() const;
  uint16_t s3_eu_port() const;  // 0 without eu_listen
  std::string account() const;
  std::string bootstrap_token() const;
  // The JSON line printed on start ({"s3":...,"api":...,"account":...,"bootstrap_token":...}).
  std::string startup_line() const;
  TestClock* clock();  // null without a test clock
  // The share of S3 answers turned into transient failures from now on (config.faults at start).
  void set_faults(double share);
  // Back to a clean state: the only tokens its bootstrap token and `keep_tokens` (ids), which keep
  // their ids, values and state; no bucket, object or upload; faults off; the test clock at
  // `clock_start` (RFC 3339); the ids, values and fault choices drawn from now on depend on `seed`
  // alone, not on anything before the reset. A few cleared maps
  // instead of a new emulator and admin token per scenario. Memory-only emulators with a test
  // clock (std::logic_error otherwise; ConfigError for a bad instant); not while requests run.
  void reset(uint64_t seed, const std::string& clock_start, const std::vector<std::string>& keep_tokens);

  enum class Listener { s3, api };
  // Handles one raw HTTP/1.1 request (bytes as on the wire) without sockets and returns the
  // raw answer. Malformed bytes give a 400 answer. Never throws (std::bad_alloc aside).
  std::string handle_raw(std::string_view raw_bytes, std::string_view client_ip, Listener which = Listener::s3);

  // handle_raw, plus what the socket layer would have done instead of answering: the in-process
  // transport turns `reset` into a reset connection and `stall` into a timeout (an injected
  // fault, --faults). `bytes` is the answer the server would write (as its sessions serialize it).
  struct Exchange {
    std::string bytes;
    enum class Fault { none, reset, stall } fault = Fault::none;
  };
  Exchange exchange(std::string_view raw_bytes, std::string_view client_ip, Listener which = Listener::s3);

  // World setup without the wire, for a harness that builds many small worlds (the differential
  // fuzzer, EmulatorTargetOptions::direct_setup): what POST /user/tokens and PUT /user/tokens/{id}
  // by a user-level API Tokens Write token, and PUT /{bucket}, PUT /{bucket}/{key} by a token with
  // Storage Write on the account, do to the state — the same token-spec parser, token store and
  // storage, minus HTTP, authentication and the JSON answers. `body` is the API's request body.
  // Each returns an empty error on success, else what the API would have refused, one line.
  struct SetupToken {
    std::string id, value, error;
  };
  SetupToken setup_create_token(const nlohmann::json& body);
  std::string setup_update_token(const std::string& id, const nlohmann::json& body);
  std::string setup_create_bucket(const std::string& account, const std::string& jurisdiction, const std::string& name);
  std::string setup_put_object(const std::string& account, const std::string& jurisdiction, const std::string& bucket,
                               const std::string& key, std::string body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// For the emulator_request fuzzer: one process-wide emulator (memory only, test clock), S3
// listener semantics.
std::string handle_raw_for_fuzzing(std::string_view raw_bytes, std::string_view client_ip);

}  // namespace scopecheck::emulator
