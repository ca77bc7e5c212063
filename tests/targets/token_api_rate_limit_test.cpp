// The token API client under Cloudflare's rate limit (1,200 calls per 5 minutes per user): the
// workers of a run share it, so a 429 must slow a call down, not fail the scenario. The answers
// come from a scripted transport: no server here rate-limits (the emulator does not).
#include "harness/targets/token_api.h"

#include <gtest/gtest.h>

#include <deque>

namespace scopecheck::targets {
namespace {

class Scripted final : public http::Transport {
 public:
  std::deque<http::Response> answers;
  std::vector<std::string> sent;  // "METHOD target body"
  http::Expected<http::Response, http::TransportError> send(const http::Endpoint&, http::Request r,
                                                            const http::PerRequestOptions&) override {
    sent.push_back(r.method + " " + r.target + " " + r.body);
    http::Response a = answers.front();
    if (answers.size() > 1) answers.pop_front();
    return a;
  }
};

http::Response limited(const std::string& retry_after) {
  http::Response r;
  r.status = 429;
  if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
  r.body = R"({"success":false,"errors":[{"code":10000,"message":"Rate limited"}],"messages":[],"result":null})";
  return r;
}

http::Response created() {
  http::Response r;
  r.status = 200;
  r.body = R"({"success":true,"errors":[],"messages":[],"result":{"id":"0123456789abcdef0123456789abcdef","value":"v"}})";
  return r;
}

model::Token reader() {
  model::Token t;
  t.name = "sc1-00000001-t0";
  model::Policy p;
  p.permission_groups = {"b4992e1108244f5d8bfbd5744320c2e1"};
  p.resources = {model::Resource::account("0123456789abcdef0123456789abcdef")};
  t.policies = {p};
  return t;
}

TEST(TokenApiRateLimit, ARateLimitedCallIsSentAgainAfterTheWaitTheApiNames) {
  Scripted t;
  t.answers = {limited("3"), limited(""), created()};
  std::vector<std::chrono::milliseconds> waits;
  TokenApi api(t, "http://127.0.0.1:1/client/v4", "bearer", [&](std::chrono::milliseconds d) { waits.push_back(d); });
  const auto creds = api.create(reader());
  EXPECT_EQ(creds.id, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(t.sent.size(), 3u);
  EXPECT_EQ(t.sent[0], t.sent[2]) << "the same call, byte for byte";
  // Retry-After: 3 is obeyed; without one the wait doubles from 1 s (the second retry: 2 s).
  EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(3), std::chrono::seconds(2)}));
}

TEST(TokenApiRateLimit, StillLimitedAfterTheRetriesIsAnErrorNamingTheLimit) {
  Scripted t;
  t.answers = {limited("0")};
  int waited = 0;
  TokenApi api(t, "http://127.0.0.1:1/client/v4", "bearer", [&](std::chrono::milliseconds) { ++waited; });
  try {
    api.create(reader());
    FAIL() << "a call that never got through succeeded";
  } catch (const TargetError& e) {
    EXPECT_EQ(e.kind(), TargetError::Kind::kRejected);
    EXPECT_NE(std::string(e.what()).find("HTTP 429: still rate-limited after 8 retries"), std::string::npos) << e.what();
  }
  EXPECT_EQ(waited, TokenApi::kRateLimitRetries);
  EXPECT_EQ(t.sent.size(), static_cast<size_t>(TokenApi::kRateLimitRetries + 1));
}

TEST(TokenApiRateLimit, WaitsAreBounded) {
  EXPECT_EQ(rate_limit_wait("120", 0), std::chrono::seconds(60));
  EXPECT_EQ(rate_limit_wait("", 0), std::chrono::seconds(1));
  EXPECT_EQ(rate_limit_wait("", 3), std::chrono::seconds(8));
  EXPECT_EQ(rate_limit_wait("", 30), std::chrono::seconds(60));
  EXPECT_EQ(rate_limit_wait("Wed, 21 Oct 2026 07:28:00 GMT", 1), std::chrono::seconds(2));
  EXPECT_EQ(rate_limit_wait("99999999999", 0), std::chrono::seconds(1)) << "not a number of seconds we read";
}

}  // namespace
}  // namespace scopecheck::targets
