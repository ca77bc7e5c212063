#include "harness/targets/token_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "harness/model/token_codec.h"
#include "harness/sigv4/crypto.h"

namespace scopecheck::targets {

std::string TokenCredentials::secret() const {
  if (!secret_override.empty()) return secret_override;
  return sigv4::hex(sigv4::sha256(value));
}

nlohmann::json token_body(const model::Token& token, bool with_status) {
  nlohmann::json full = model::emit_token(token);
  nlohmann::json body = nlohmann::json::object();
  for (const char* field : {"name", "policies", "condition", "not_before", "expires_on"})
    if (auto it = full.find(field); it != full.end()) body[field] = std::move(*it);
  if (!body.contains("name")) body["name"] = "scopecheck";
  // The API makes policy ids; a body carries none.
  for (auto& p : body["policies"]) p.erase("id");
  if (with_status) body["status"] = std::string(model::to_string(token.status));
  return body;
}

std::chrono::milliseconds rate_limit_wait(const std::string& retry_after, int retry) {
  constexpr std::chrono::seconds kMostWait{60};
  if (!retry_after.empty() && retry_after.size() <= 6 &&
      retry_after.find_first_not_of("0123456789") == std::string::npos)
    return std::min<std::chrono::milliseconds>(std::chrono::seconds(std::stoi(retry_after)), kMostWait);
  // No wait named (or an HTTP date, which a client clock may misread): 1 s, 2 s, 4 s, … 60 s.
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(1LL << std::min(retry, 6)), kMostWait);
}

TokenApi::TokenApi(http::Transport& client, const std::string& base, std::string bearer, Sleep sleep)
    : client_(client), bearer_(std::move(bearer)), sleep_(std::move(sleep)) {
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  auto parsed = http::parse_base_url(base);
  if (!parsed) throw TargetError(TargetError::Kind::kRejected, fmt::format("token API URL {}: {}", base, parsed.error().to_string()));
  endpoint_ = parsed->endpoint;
  base_path_ = parsed->path;
}

nlohmann::json TokenApi::call(const std::string& method, const std::string& path, const nlohmann::json* body) {
  http::Request req;
  req.method = method;
  req.target = base_path_ + path;
  req.headers.emplace_back("Authorization", "Bearer " + bearer_);
  if (body) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body->dump();
  }
  auto resp = client_.send(endpoint_, req);
  // Cloudflare's API limits calls per user (1,200 per 5 minutes): a 429 was not processed, so the
  // same call is sent again after the wait it names (Retry-After, seconds) or, without one, a
  // doubling wait; the run's workers share the limit and slow down instead of failing.
  for (int retry = 0; resp && resp->status == 429 && retry < kRateLimitRetries; ++retry) {
    sleep_(rate_limit_wait(resp->header("Retry-After"), retry));
    resp = client_.send(endpoint_, req);
  }
  if (!resp)
    throw TargetError(TargetError::Kind::kUnreachable,
                      fmt::format("token API {} {}: {}", method, path, resp.error().to_string()));
  if (resp->status == 429)
    throw TargetError(TargetError::Kind::kRejected,
                      fmt::format("token API {} {}: HTTP 429: still rate-limited after {} retries (fewer --jobs, or a later run)",
                                  method, path, kRateLimitRetries));
  auto j = nlohmann::json::parse(resp->body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw TargetError(TargetError::Kind::kRejected,
                      fmt::format("token API {} {}: HTTP {} with a body that is not the JSON envelope", method, path, resp->status));
  if (resp->status / 100 != 2 || !j.value("success", false)) {
    std::string errors;
    if (j.contains("errors") && j["errors"].is_array())
      for (const auto& e : j["errors"])
        errors += fmt::format("{}{} {}", errors.empty() ? "" : "; ", e.value("code", 0), e.value("message", ""));
    throw TargetError(TargetError::Kind::kRejected,
                      fmt::format("token API {} {}: HTTP {}: {}", method, path, resp->status, errors));
  }
  auto result = j.find("result");
  return result != j.end() ? std::move(*result) : nlohmann::json();
}

TokenCredentials TokenApi::create(const model::Token& token) {
  const auto body = token_body(token, false);
  const auto result = call("POST", "/user/tokens", &body);
  TokenCredentials creds;
  creds.id = result.value("id", "");
  creds.value = result.value("value", "");
  if (creds.id.empty() || creds.value.empty())
    throw TargetError(TargetError::Kind::kRejected, "token API POST /user/tokens: result has no id or value");
  if (token.status != model::TokenStatus::kActive) update(creds.id, token);
  return creds;
}

void TokenApi::update(const std::string& id, const model::Token& token) {
  const auto body = token_body(token, true);
  call("PUT", "/user/tokens/" + id, &body);
}

void TokenApi::remove(const std::string& id) { call("DELETE", "/user/tokens/" + id, nullptr); }

bool TokenApi::remove_if_exists(const std::string& id) {
  try {
    remove(id);
    return true;
  } catch (const TargetError& e) {
    // call() names the status as "HTTP <status>:".
    if (e.kind() == TargetError::Kind::kRejected && std::string_view(e.what()).find(": HTTP 404:") != std::string_view::npos) return false;
    throw;
  }
}

std::vector<std::string> TokenApi::find_by_name(const std::string& name) {
  constexpr int kPerPage = 50;  // the API's largest page
  std::vector<std::string> ids;
  for (int page = 1; page <= 1000; ++page) {
    const auto result = call("GET", fmt::format("/user/tokens?page={}&per_page={}", page, kPerPage), nullptr);
    if (!result.is_array())
      throw TargetError(TargetError::Kind::kRejected, "token API GET /user/tokens: result is not an array");
    for (const auto& t : result)
      if (t.is_object() && t.value("name", "") == name && t.contains("id") && t["id"].is_string()) ids.push_back(t["id"]);
    if (result.size() < kPerPage) return ids;
  }
  // 50,000 tokens, or an API that ignores `page`: not a listing to trust.
  throw TargetError(TargetError::Kind::kRejected, "token API GET /user/tokens: more than 1000 pages");
}

std::string TokenApi::roll(const std::string& id) {
  const nlohmann::json empty = nlohmann::json::object();
  const auto result = call("PUT", "/user/tokens/" + id + "/value", &empty);
  if (!result.is_string())
    throw TargetError(TargetError::Kind::kRejected, "token API PUT /user/tokens/{id}/value: result is not a string");
  return result.get<std::string>();
}

void TokenApi::apply(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) {
  switch (step.change) {
    case scenario::TokenChange::kUpdate:
    case scenario::TokenChange::kDisable:
    case scenario::TokenChange::kEnable:
      update(creds.id, token);
      break;
    case scenario::TokenChange::kRoll:
      creds.value = roll(creds.id);
      break;
    case scenario::TokenChange::kDelete:
      remove(creds.id);
      break;
  }
}

}  // namespace scopecheck::targets
