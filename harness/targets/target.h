// A target: the endpoint under test, as the scenario runner drives it. One adapter per kind of
// target (emulator, cloudflare, static, rgw, swift). The runner builds and signs requests itself;
// a target says where to send them, creates the world there, changes tokens and moves the clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/http/client.h"
#include "harness/model/ids.h"
#include "harness/model/token.h"
#include "harness/plan/scenario.h"

namespace scopecheck::targets {

// A token's S3 credentials as the target made them.
struct TokenCredentials {
  std::string id;     // the access key id
  std::string value;  // the token value; the S3 secret is sha256hex(value) (secret() below)
  std::string secret_override;  // targets whose secret is not derived from a value (static, rgw)
  // The key id the server knows, when `id` is the harness's 32-hex alias of it (a static, rgw or
  // swift key of another length: the rule book's key ids are 32 hex). The request builder puts
  // it into the bytes it signs, so what is recorded is what is sent; "" when `id` is the key.
  std::string wire_id;
  std::string secret() const;
  const std::string& key_on_the_wire() const { return wire_id.empty() ? id : wire_id; }
};

struct Capabilities {
  bool token_api = false;      // token changes can be made during a scenario
  // Token-API calls can be sent and judged as steps of their own (ApiStep, SCOPING §11): the
  // target serves the token API and answers from a state a scenario may change freely.
  bool api_steps = false;
  bool clock_control = false;  // the target's clock can be moved (emulator --test-clock)
  bool virtual_host = true;
  bool presign = true;
  bool jurisdictions = true;
  bool sigv2 = true;
  bool ipv4_sources = true;    // requests may come from 127.0.0.2/3 (loopback targets only)
  int64_t propagation_window = 0;  // seconds after a token change in which old or new answers pass
  std::string signing_region = "auto";  // the region requests are signed for (R2: auto; Swift: us-east-1)
  // The accounts worlds may use (a real R2 target reaches only its own); empty: any.
  std::vector<std::string> accounts;
  std::string bucket_prefix;  // put before every bucket name a run creates (a real target's run prefix)
};

// Why a target could not do what was asked. Unreachable ends the run with exit 3.
class TargetError : public std::runtime_error {
 public:
  enum class Kind { kUnreachable, kRejected, kUnsupported };
  TargetError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Target {
 public:
  virtual ~Target() = default;

  virtual std::string kind() const = 0;
  // What the target reports about itself (server header, version), "" when it says nothing.
  virtual std::string name() const { return ""; }
  virtual Capabilities capabilities() const = 0;

  // Starts an isolated state for one scenario execution; `start_time` is where a controllable
  // clock is put. Throws TargetError.
  virtual void begin_scenario(int64_t start_time) = 0;
  // The seed of the scenario about to begin, given before begin_scenario: a target with
  // randomness of its own (the emulator's ids, values and injected faults) draws it from this
  // seed, so one scenario sees the same faults and ids on every run and worker, and different
  // scenarios see different ones. Others ignore it.
  virtual void seed_scenario(uint64_t seed) {}
  // Creates the world's buckets and objects with an admin credential, then its tokens; returns
  // each token's credentials by ref. Throws TargetError.
  virtual std::map<std::string, TokenCredentials> create_world(const scenario::World& world) = 0;
  // Removes what begin_scenario/create_world made (journaled resources only). Never throws.
  virtual void end_scenario() = 0;

  // The Host header for the S3 endpoint of (account, jurisdiction); with a bucket, the
  // virtual-hosted form of that bucket.
  virtual std::string s3_host(const std::string& account, model::Jurisdiction jurisdiction,
                              const std::string& vhost_bucket) const = 0;
  // The base URL S3 requests for `jurisdiction` are sent to ("http://127.0.0.1:4568"), for the
  // curl commands of case files; "" when they reach no socket (the in-process emulator).
  virtual std::string s3_url(model::Jurisdiction jurisdiction) const { return ""; }
  // Sends one S3 request (Host already set) from `source_ip` (as the request's source address) to
  // the S3 endpoint of `jurisdiction` (the step's: the Host header may name another, on purpose).
  virtual http::Expected<http::Response, http::TransportError> send_s3(const http::Request& request,
                                                                       const std::string& source_ip,
                                                                       model::Jurisdiction jurisdiction) = 0;

  // The target's clock, Unix seconds; requests are signed at this instant.
  virtual int64_t now() = 0;
  virtual void advance_clock(int64_t seconds) = 0;

  // Sends one token-API call (ApiStep): `request.target` is the path below the API's base
  // ("/user/tokens/verify"), headers and body as given, from `source_ip`. Targets without
  // api_steps answer a transport error.
  virtual http::Expected<http::Response, http::TransportError> send_api(const http::Request& request,
                                                                        const std::string& source_ip) {
    return http::Unexpected(http::TransportError{http::TransportErrc::connect_refused, "this target has no token API"});
  }

  // Applies a token change through the target's token API. `token` is the token's state after
  // the change (kUpdate); `creds` is updated on a roll. Throws TargetError.
  virtual void change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) = 0;
};

}  // namespace scopecheck::targets
