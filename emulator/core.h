// Everything behind the sockets: configuration, clock, seeded bugs, tokens, storage, and the two
// request handlers. The socket layer (server.cpp) and handle_raw only move bytes in and out.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "emulator/bugs.h"
#include "emulator/clock.h"
#include "emulator/emulator.h"
#include "emulator/http_message.h"
#include "emulator/storage.h"
#include "emulator/token_store.h"

namespace scopecheck::emulator {

class EmulatorCore {
 public:
  // Throws ConfigError.
  explicit EmulatorCore(EmulatorConfig config);

  // The S3 API (s3_api.cpp). Never throws except std::bad_alloc. `listener_jurisdiction`: what a
  // Host outside the base domain means (the eu listener's "eu").
  HttpResponse handle_s3(const HttpRequest& req, std::string_view listener_jurisdiction = "default");
  // The answer to an S3 request whose header section alone already decides a refusal
  // (authentication, token state, IP condition, authorization: every SCOPING.md §8 class that
  // does not need the body), or nullopt when the body must be read. `head` has no body. Draws no
  // fault. Lets the socket layer refuse before buffering an unauthenticated body.
  std::optional<HttpResponse> refuse_s3_early(const HttpRequest& head,
                                              std::string_view listener_jurisdiction = "default");
  // The token API and, with a test clock, the clock control endpoint (token_api.cpp).
  HttpResponse handle_api(const HttpRequest& req);

  const EmulatorConfig& config() const { return config_; }
  // Changes the share of S3 answers turned into faults from now on (0..1; out of range is
  // clamped). The harness builds a scenario's world without faults, then switches them on.
  void set_faults(double share);
  // Back to a clean state (Emulator::reset): the bootstrap token and `keep_tokens` (ids) only, no
  // bucket, no fault, the test clock at `clock_start`, what is drawn next a function of `seed`.
  // Memory-only emulators with a test clock; std::logic_error otherwise. Not while requests run.
  void reset(uint64_t seed, TimePoint clock_start, const std::vector<std::string>& keep_tokens);
  const std::string& bootstrap_token() const { return bootstrap_; }
  TestClock* test_clock() { return test_clock_.get(); }
  const Clock& clock() const { return *clock_; }
  const BugSet& bugs() const { return bugs_; }
  TokenStore& tokens() { return *tokens_; }
  Storage& storage() { return *storage_; }

 private:
  HttpResponse maybe_fault();

  EmulatorConfig config_;
  BugSet bugs_;
  std::unique_ptr<TestClock> test_clock_;
  std::unique_ptr<SystemClock> system_clock_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<TokenStore> tokens_;
  std::unique_ptr<Storage> storage_;
  std::string bootstrap_;
  std::string bootstrap_id_;  // kept by reset()
  std::mutex fault_mu_;
  std::atomic<double> faults_{0.0};  // starts at config_.faults; fault_mu_ guards fault_rng_
  std::mt19937_64 fault_rng_;
};

}  // namespace scopecheck::emulator
