// A client of the Cloudflare-v4 token API (TOKEN-API.md): the same code drives the real API,
// the emulator and any other implementation of it.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "harness/http/client.h"
#include "harness/model/token.h"
#include "harness/targets/target.h"

namespace scopecheck::targets {

// How long to wait before sending a call again that was answered 429 (`retry`: 0 for the first
// retry): the Retry-After header's seconds when it gives them, else 1 s doubling; at most 60 s.
std::chrono::milliseconds rate_limit_wait(const std::string& retry_after, int retry);

class TokenApi {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  // A call answered 429 (rate-limited) is sent again up to this many times (rate_limit_wait).
  static constexpr int kRateLimitRetries = 8;

  // base: "https://api.cloudflare.com/client/v4" or the emulator's api URL; bearer: an API token
  // holding API Tokens Write and Read. Throws TargetError(kRejected) for a malformed base URL.
  // `sleep` waits between retries of a rate-limited call (default: the thread sleeps).
  TokenApi(http::Transport& transport, const std::string& base, std::string bearer, Sleep sleep = {});

  // POST /user/tokens with the token's name, policies, condition and window; then, when the
  // token's status is not active, PUT it with that status. Returns id and value.
  TokenCredentials create(const model::Token& token);
  // PUT /user/tokens/{id}: the full replacement (name, policies, condition, window, status).
  void update(const std::string& id, const model::Token& token);
  void remove(const std::string& id);
  // remove(), except that a token already gone (404: a scenario deleted it) is not an error.
  // Returns whether it existed.
  bool remove_if_exists(const std::string& id);
  // The ids of the tokens named exactly `name` that the bearer can list (GET /user/tokens, every
  // page): how cleanup finds a token whose creation was sent but never confirmed.
  std::vector<std::string> find_by_name(const std::string& name);
  // PUT /user/tokens/{id}/value: the new value.
  std::string roll(const std::string& id);

  // Applies one token step: update/disable/enable replace the token with `token`; roll stores the
  // new value in `creds`; delete removes it. Throws TargetError like call().
  void apply(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds);

  // The envelope's `result` for a call that succeeded; throws TargetError naming the call, the
  // HTTP status and the API's error messages otherwise (kUnreachable on a transport failure). A
  // call answered 429 is sent again (kRateLimitRetries times at most, waiting rate_limit_wait).
  nlohmann::json call(const std::string& method, const std::string& path, const nlohmann::json* body);

 private:
  http::Transport& client_;
  http::Endpoint endpoint_;
  std::string base_path_;
  std::string bearer_;
  Sleep sleep_;
};

// The create/update body of a token as the API takes it.
nlohmann::json token_body(const model::Token& token, bool with_status);

}  // namespace scopecheck::targets
