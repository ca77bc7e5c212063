// The default target: the emulator on a test clock, driven through the same token API client as
// any Cloudflare-compatible API. One emulator per target (a campaign makes one target per worker),
// made with an admin token at the first scenario; every scenario execution (shrinking re-runs
// too) begins with a reset to that same state, so it starts clean and its result does not depend
// on what ran before. In-process by default: the request and answer bytes go straight to the
// emulator's handlers (harness/targets/inprocess_transport.h), no sockets or threads. With
// Transport::kTcp the emulator listens on ephemeral loopback ports and is driven over real HTTP
// (the path real clients take).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/http/transport.h"
#include "harness/targets/target.h"
#include "harness/targets/token_api.h"

namespace scopecheck::emulator {
class Emulator;
}

namespace scopecheck::targets {

enum class EmulatorTransport { kInProcess, kTcp };

struct EmulatorTargetOptions {
  std::vector<std::string> inject;  // MUTANTS.md bug names
  int propagation_delay = 0;        // seconds
  double faults = 0.0;
  uint64_t seed = 0;                // mixed with each scenario's seed (seed_scenario)
  bool streaming = false;
  std::chrono::milliseconds request_timeout{10000};
  EmulatorTransport transport = EmulatorTransport::kInProcess;
  // kTcp only: connect every request to this "host:port" (an HTTP relay that forwards by the Host
  // header's port, e.g. bench/delay_proxy) instead of the emulator's ports; Host stays the
  // emulator's, as with curl --connect-to.
  std::string tcp_via;
  // kInProcess only: the world (its tokens, buckets and objects), the admin token and the
  // scenario's own token updates go straight into the emulator's token store and storage through
  // the same spec parser (emulator::Emulator::setup_*), not as token-API and signed S3 requests.
  // Token ids and values are the same as through the API; every judged request (S3 steps, token-
  // API steps) still goes as bytes. The default: setup is not judged, and built over the API it
  // was about a third of a check's cost (bench/throughput-results.md); the token API's own
  // answers are judged by ApiSteps, and --transport tcp builds every world over real HTTP.
  bool direct_setup = true;
};

class EmulatorTarget final : public Target {
 public:
  explicit EmulatorTarget(EmulatorTargetOptions options);
  ~EmulatorTarget() override;

  std::string kind() const override { return "emulator"; }
  std::string name() const override;
  Capabilities capabilities() const override;
  void seed_scenario(uint64_t seed) override { scenario_seed_ = seed; }
  void begin_scenario(int64_t start_time) override;
  std::map<std::string, TokenCredentials> create_world(const scenario::World& world) override;
  void end_scenario() override;
  std::string s3_host(const std::string& account, model::Jurisdiction jurisdiction,
                      const std::string& vhost_bucket) const override;
  std::string s3_url(model::Jurisdiction) const override {
    return options_.transport == EmulatorTransport::kTcp ? s3_endpoint_.to_string() : "";
  }
  http::Expected<http::Response, http::TransportError> send_s3(const http::Request& request,
                                                               const std::string& source_ip, model::Jurisdiction jurisdiction) override;
  http::Expected<http::Response, http::TransportError> send_api(const http::Request& request,
                                                                const std::string& source_ip) override;
  int64_t now() override;
  void advance_clock(int64_t seconds) override;
  void change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) override;

 private:
  bool direct() const;  // options_.direct_setup on the in-process transport
  TokenCredentials direct_create(const model::Token& token);
  void direct_update(const std::string& id, const model::Token& token);
  void start_emulator();
  void stop_emulator();

  EmulatorTargetOptions options_;
  uint64_t scenario_seed_ = 0;
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<http::Transport> transport_;
  http::Endpoint s3_endpoint_;
  http::Endpoint api_endpoint_;
  std::unique_ptr<TokenApi> api_;
  TokenCredentials admin_;
};

}  // namespace scopecheck::targets
