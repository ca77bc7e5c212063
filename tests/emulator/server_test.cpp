// The socket layer: malformed HTTP, size limits, faults, and SIGTERM.
#include <gtest/gtest.h>

#include <signal.h>

#include <boost/asio.hpp>

#include <thread>

#include "tests/emulator/test_client.h"

namespace scopecheck::emulator::testing {
namespace {

TEST(Server, MalformedHttpGets400AndAClosedConnection) {
  TestEmulator t;
  for (const char* bytes : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                            "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"}) {
    bool closed = false;
    std::string out = raw_call(t.emu().s3_port(), bytes, &closed);
    EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << bytes << " -> " << out;
    EXPECT_TRUE(closed) << bytes;
  }
  // Still serving afterwards.
  EXPECT_EQ(t.s3_anonymous({}).status, 401);
}

// Reads what the server sends within `wait` (stops early once `until` has arrived).
std::string read_within(boost::asio::ip::tcp::socket& s, std::chrono::milliseconds wait, std::string_view until) {
  std::string out;
  s.non_blocking(true);
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline && out.find(until) == std::string::npos) {
    char buf[4096];
    boost::system::error_code ec;
    std::size_t n = s.read_some(boost::asio::buffer(buf), ec);
    if (ec == boost::asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (ec) break;
    out.append(buf, n);
  }
  s.non_blocking(false);
  return out;
}

// RFC 9110 §10.1.1: a client that sends `Expect: 100-continue` waits for `100 Continue` (or a
// final status) before it sends the body; awscli over HTTPS otherwise hung 30 s per PUT.
TEST(Server, ExpectContinueIsAnsweredBeforeTheBody) {
  TestEmulator t;
  for (uint16_t port : {t.emu().s3_port(), t.emu().api_port()}) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket s(ioc);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::asio::write(s, boost::asio::buffer(std::string("PUT /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                                          "Expect: 100-continue\r\n\r\n")));
    std::string interim = read_within(s, std::chrono::milliseconds(3000), "\r\n\r\n");
    EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n") << port;
    boost::asio::write(s, boost::asio::buffer(std::string("hello")));
    std::string final_answer =
        read_within(s, std::chrono::milliseconds(3000), port == t.emu().s3_port() ? "</Error>" : "\"result\":null}");
    EXPECT_EQ(final_answer.rfind(port == t.emu().s3_port() ? "HTTP/1.1 401" : "HTTP/1.1 404", 0), 0u) << final_answer;
  }
  // Without a body to wait for there is no interim answer, only the final one.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
  boost::asio::write(s, boost::asio::buffer(std::string("PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                                        "Expect: 100-continue\r\n\r\n")));
  EXPECT_EQ(read_within(s, std::chrono::milliseconds(3000), "\r\n\r\n").rfind("HTTP/1.1 401", 0), 0u);
}

// A signed PUT with `Expect: 100-continue` (the client sends its body at once, as curl does after
// a short wait) is answered 200 after the interim answer and stores the whole body.
TEST(Server, ExpectContinuePutStoresTheBody) {
  TestEmulator t;
  t.make_bucket("logs");
  S3Call c;
  c.method = "PUT";
  c.target = "/logs/k";
  c.body = std::string(100000, 'z');
  c.headers = {{"Expect", "100-continue"}};
  EXPECT_EQ(t.s3(t.admin(), c).status, 200);
  S3Call get;
  get.target = "/logs/k";
  EXPECT_EQ(t.s3(t.admin(), get).body, c.body);
}

TEST(Server, OversizedHeadersAndBodiesAreRefused) {
  EmulatorConfig c;
  c.max_header_bytes = 2048;
  c.max_body_bytes = 1024;
  TestEmulator t(c);
  auto big_header = http_call(t.emu().s3_port(), "GET", "/", {{"X-Big", std::string(4096, 'a')}}, "");
  EXPECT_EQ(big_header.status, 431);
  EXPECT_TRUE(big_header.closed);
  auto big_body = http_call(t.emu().s3_port(), "PUT", "/b/k", {}, std::string(4096, 'b'));
  EXPECT_EQ(big_body.status, 413);
  EXPECT_EQ(big_body.code(), "EntityTooLarge");
  auto api_body = http_call(t.emu().api_port(), "POST", "/client/v4/user/tokens", {}, std::string(4096, 'c'));
  EXPECT_EQ(api_body.status, 413);
}

TEST(Server, ConnectionCapAndIdleTimeoutCloseConnections) {
  EmulatorConfig c;
  c.max_connections = 1;
  c.idle_timeout_seconds = 1;
  TestEmulator t(c);
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket idle(ioc);
  idle.connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // Over the cap: the second connection is closed without an answer.
  EXPECT_EQ(t.s3_anonymous({}).status, 0);
  // The idle connection is closed by the server after the idle timeout...
  char byte;
  boost::system::error_code ec;
  idle.read_some(boost::asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) << ec.message();
  idle.close();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // ...which frees the slot.
  EXPECT_EQ(t.s3_anonymous({}).status, 401);
}

TEST(Server, FaultsTurnEveryAnswerIntoATransientFailureWhenRateIsOne) {
  EmulatorConfig c;
  c.faults = 1.0;
  c.seed = 42;
  c.stall_seconds = 1;
  TestEmulator t(c);
  int slowdown = 0, internal = 0, transport = 0;
  for (int i = 0; i < 24; ++i) {
    auto r = t.s3_anonymous({});
    if (r.status == 503 && r.code() == "SlowDown") ++slowdown;
    else if (r.status == 500 && r.code() == "InternalError") ++internal;
    else if (r.status == 0) ++transport;
    else ADD_FAILURE() << "unexpected " << r.status << " " << r.body;
  }
  EXPECT_GT(slowdown, 0);
  EXPECT_GT(internal, 0);
  EXPECT_GT(transport, 0);
  // The token API is never faulted.
  EXPECT_EQ(t.api("GET", "/user/tokens/verify").status, 200);
}

TEST(Server, ClockControlEndpointExistsOnlyWithATestClock) {
  TestEmulator t;
  auto get = http_call(t.emu().api_port(), "GET", "/__scopecheck/clock", {}, "");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.json()["now"], kStart);
  auto adv = http_call(t.emu().api_port(), "PUT", "/__scopecheck/clock", {}, R"({"advance_seconds":90})");
  EXPECT_EQ(adv.json()["now"], "2026-01-01T00:01:30Z");
  auto set = http_call(t.emu().api_port(), "PUT", "/__scopecheck/clock", {}, R"({"now":"2030-05-05T05:05:05Z"})");
  EXPECT_EQ(set.json()["now"], "2030-05-05T05:05:05Z");
  EXPECT_EQ(http_call(t.emu().s3_port(), "GET", "/__scopecheck/clock", {}, "").status, 401);  // S3 side: no such thing
  EmulatorConfig sys;
  Emulator plain(sys);
  plain.start();
  EXPECT_EQ(plain.clock(), nullptr);
  EXPECT_EQ(http_call(plain.api_port(), "GET", "/__scopecheck/clock", {}, "").status, 404);
  plain.stop();
}

TEST(Server, HandleRawServesWithoutSockets) {
  EmulatorConfig c;
  c.test_clock = kStart;
  Emulator e(c);
  std::string out = e.handle_raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "127.0.0.1");
  EXPECT_EQ(out.rfind("HTTP/1.1 401", 0), 0u) << out;
  EXPECT_EQ(e.handle_raw("\x01\x02garbage", "127.0.0.1").rfind("HTTP/1.1 400", 0), 0u);
  std::string api = e.handle_raw("GET /client/v4/user/tokens/verify HTTP/1.1\r\nAuthorization: Bearer " +
                                     e.bootstrap_token() + "\r\n\r\n",
                                 "127.0.0.1", Emulator::Listener::api);
  EXPECT_EQ(api.rfind("HTTP/1.1 200", 0), 0u) << api;
}

TEST(Server, StartupLineAndSigtermExitZero) {
  ChildEmulator child({"--seed", "1"});
  ASSERT_TRUE(child.started());
  EXPECT_EQ(child.startup["account"], kAcct);
  EXPECT_EQ(child.startup["s3"].get<std::string>().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_NE(child.startup["api"].get<std::string>().find("/client/v4"), std::string::npos);
  auto verify = http_call(child.api_port(), "GET", "/client/v4/user/tokens/verify",
                          {{"Authorization", "Bearer " + child.startup["bootstrap_token"].get<std::string>()}}, "");
  EXPECT_EQ(verify.status, 200);
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait_exit_code(), 0);
}

TEST(Server, UnknownInjectNameExitsTwo) {
  ChildEmulator child({"--inject", "not-a-bug"});
  EXPECT_FALSE(child.started());
  EXPECT_EQ(child.wait_exit_code(), 2);
}

}  // namespace
}  // namespace scopecheck::emulator::testing
