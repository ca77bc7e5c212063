// The in-process transport moves the bytes the TCP path moves: the same request gives the same
// answer through either, and an injected fault becomes the transport failure a socket would give.
#include "harness/targets/inprocess_transport.h"

#include <gtest/gtest.h>

#include <set>

#include "emulator/emulator.h"
#include "harness/http/client.h"

namespace scopecheck::targets {
namespace {

emulator::EmulatorConfig config(double faults = 0.0) {
  emulator::EmulatorConfig c;
  c.test_clock = "2026-01-01T00:00:00Z";
  c.bootstrap_token = "inprocessbootstraptoken00000000000000000";
  c.faults = faults;
  c.seed = 3;
  c.threads = 1;
  return c;
}

TEST(InProcessTransport, AnswersAsTheTcpListenersDo) {
  emulator::Emulator emu(config());
  emu.start();
  const http::Endpoint s3_tcp{"http", "127.0.0.1", emu.s3_port()};
  const http::Endpoint api_tcp{"http", "127.0.0.1", emu.api_port()};
  InProcessTransport inproc(emu, s3_tcp, api_tcp);
  http::Client client(http::ClientOptions{});

  std::vector<std::pair<http::Endpoint, http::Request>> requests;
  http::Request anonymous_get{"GET", "/logs/a.txt", {{"Host", "acct.r2.localhost"}}, ""};
  http::Request list_buckets{"GET", "/", {{"Host", "0123456789abcdef0123456789abcdef.r2.localhost"}}, ""};
  http::Request verify{"GET", "/client/v4/user/tokens/verify", {{"Authorization", "Bearer " + emu.bootstrap_token()}}, ""};
  http::Request bad_bearer{"GET", "/client/v4/user/tokens", {{"Authorization", "Bearer nope"}}, ""};
  http::Request head{"HEAD", "/logs", {{"Host", "acct.r2.localhost"}}, ""};
  requests = {{s3_tcp, anonymous_get}, {s3_tcp, list_buckets}, {api_tcp, verify}, {api_tcp, bad_bearer}, {s3_tcp, head}};
  for (const auto& [ep, req] : requests) {
    auto over_tcp = client.send(ep, req);
    auto in_process = inproc.send(ep, req);
    ASSERT_TRUE(over_tcp) << over_tcp.error().to_string();
    ASSERT_TRUE(in_process) << in_process.error().to_string();
    EXPECT_EQ(in_process->status, over_tcp->status) << req.method << " " << req.target;
    EXPECT_EQ(in_process->headers, over_tcp->headers) << req.method << " " << req.target;
    EXPECT_EQ(in_process->body, over_tcp->body) << req.method << " " << req.target;
  }
  emu.stop();
}

// (Source addresses are exercised by the matrix: its IP-limited token is refused from
// 127.0.0.1 and admitted from 127.0.0.2, tests/scenario/runner_test.cpp.)
TEST(InProcessTransport, AnEndpointThatIsNotTheEmulatorsIsRefusedLikeAClosedPort) {
  emulator::Emulator emu(config());
  const http::Endpoint s3{"http", "127.0.0.1", 9000}, api{"http", "127.0.0.1", 9001};
  InProcessTransport inproc(emu, s3, api);
  auto other = inproc.send(http::Endpoint{"http", "127.0.0.1", 9002}, http::Request{"GET", "/", {}, ""});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, http::TransportErrc::connect_refused);
}

TEST(InProcessTransport, InjectedFaultsBecomeTransportFailuresOrRetryableAnswers) {
  emulator::Emulator emu(config(1.0));  // every S3 answer is a fault
  const http::Endpoint s3{"http", "127.0.0.1", 9000}, api{"http", "127.0.0.1", 9001};
  InProcessTransport inproc(emu, s3, api);
  std::set<std::string> kinds;
  for (int i = 0; i < 64; ++i) {
    auto r = inproc.send(s3, http::Request{"GET", "/logs/a.txt", {{"Host", "acct.r2.localhost"}}, ""});
    if (!r) {
      ASSERT_TRUE(r.error().code == http::TransportErrc::timeout || r.error().code == http::TransportErrc::connection_reset)
          << r.error().to_string();
      kinds.insert(std::string(http::message(r.error().code)));
    } else {
      ASSERT_TRUE(r->status == 500 || r->status == 503) << r->status;
      kinds.insert(std::to_string(r->status));
    }
  }
  EXPECT_EQ(kinds.size(), 4u) << "a reset, a stall, a 500 and a 503 among 64 faults";
}

}  // namespace
}  // namespace scopecheck::targets
