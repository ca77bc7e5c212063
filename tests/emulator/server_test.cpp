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

// Connections that sent part of a header section and then stalled.
std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> stalled(boost::asio::io_context& ioc, uint16_t port, int n) {
  std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> out;
  for (int i = 0; i < n; ++i) {
    auto s = std::make_unique<boost::asio::ip::tcp::socket>(ioc);
    s->connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::asio::write(*s, boost::asio::buffer(std::string("POST /client/v4/user/tokens HTTP/1.1\r\nHost: x\r\n")));
    out.push_back(std::move(s));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return out;
}

// Each listener has its own connection cap: filling one port's slots (64 stalled connections on
// the token API once left the S3 port answering 0 of 100) leaves the other port serving.
TEST(Server, AFloodedListenerDoesNotStarveTheOther) {
  EmulatorConfig c;
  c.test_clock = kStart;
  c.max_connections = 8;
  TestEmulator t(c);
  boost::asio::io_context ioc;
  {
    auto flood = stalled(ioc, t.emu().api_port(), 8);
    int answered = 0;
    for (int i = 0; i < 10; ++i) answered += t.s3_anonymous({}).status == 401;
    EXPECT_EQ(answered, 10);
    EXPECT_EQ(http_call(t.emu().api_port(), "GET", "/client/v4/user/tokens/verify", {}, "").status, 0);  // its own cap
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    auto flood = stalled(ioc, t.emu().s3_port(), 8);
    int answered = 0;
    for (int i = 0; i < 10; ++i) answered += t.api("GET", "/user/tokens/verify").status == 200;
    EXPECT_EQ(answered, 10);
  }
}

// A header section trickled in (slowloris) is cut off header_timeout_seconds after its first
// byte, well before the idle timeout, while an idle keep-alive connection waits the idle timeout.
TEST(Server, ASlowHeaderSectionIsClosedAtTheHeaderDeadline) {
  EmulatorConfig c;
  c.idle_timeout_seconds = 30;
  c.header_timeout_seconds = 1;
  TestEmulator t(c);
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
  auto start = std::chrono::steady_clock::now();
  boost::system::error_code ec;
  boost::asio::write(s, boost::asio::buffer(std::string("GET / HTTP/1.1\r\n")), ec);
  bool closed = false;
  for (int i = 0; i < 30 && !closed; ++i) {  // one header line every 200 ms, for up to 6 s
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    boost::asio::write(s, boost::asio::buffer(std::string("X-Slow: 1\r\n")), ec);
    char byte;
    boost::system::error_code rec;
    s.non_blocking(true);
    s.read_some(boost::asio::buffer(&byte, 1), rec);
    s.non_blocking(false);
    closed = ec || rec != boost::asio::error::would_block;  // closed, reset (or an answer)
  }
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_LT(took, std::chrono::seconds(4));
}

// The token API reads at most 1 MiB of body (a 30 MiB JSON once grew the emulator to 1.36 GB) and
// answers 413 in its own envelope; its 413 and 431 carry its codes (1001, 6003), not "code":400.
TEST(Server, TokenApiBodyOverOneMibGets413InItsEnvelope) {
  TestEmulator t;
  auto big = http_call(t.emu().api_port(), "POST", "/client/v4/user/tokens", {{"Content-Type", "application/json"}},
                       "[" + std::string(2 * 1024 * 1024, ' ') + "]");
  ASSERT_EQ(big.status, 413) << big.body;
  EXPECT_TRUE(big.closed);
  EXPECT_EQ(big.json()["success"], false);
  EXPECT_EQ(big.json()["errors"][0]["code"], 1001) << big.body;
  EmulatorConfig c;
  c.max_header_bytes = 2048;
  TestEmulator small(c);
  auto header = http_call(small.emu().api_port(), "GET", "/client/v4/user/tokens/verify",
                          {{"X-Big", std::string(4096, 'a')}}, "");
  ASSERT_EQ(header.status, 431);
  EXPECT_EQ(header.json()["errors"][0]["code"], 6003) << header.body;
  // Just under the limit is read and judged by the API itself.
  auto under = http_call(t.emu().api_port(), "POST", "/client/v4/user/tokens", {}, std::string(1024 * 1024 - 1, ' '));
  EXPECT_EQ(under.status, 400);
}

// An S3 body over 64 KiB is read only after the header section passed authentication and
// authorization: an unauthenticated 60 MiB PUT is refused at once, before any of its body.
TEST(Server, LargeS3BodiesAreReadOnlyAfterTheHeaderIsAuthenticated) {
  TestEmulator t;
  t.make_bucket("logs");
  auto early = [&](const std::string& head) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket s(ioc);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
    boost::asio::write(s, boost::asio::buffer(head));
    return read_within(s, std::chrono::milliseconds(3000), "</Error>");
  };
  std::string anon = early("PUT /logs/k HTTP/1.1\r\nHost: x\r\nContent-Length: 62914560\r\n\r\n");
  EXPECT_EQ(anon.rfind("HTTP/1.1 401", 0), 0u) << anon;
  std::string chunked = early("PUT /logs/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  EXPECT_EQ(chunked.rfind("HTTP/1.1 401", 0), 0u) << chunked;
  // A valid signature of a token that may only read: 403 before the body.
  auto reader = t.create_token({policy("allow", bucket_resource("logs"), {kItemRead})});
  S3Call c;
  c.method = "PUT";
  c.target = "/logs/k";
  c.payload_hash = "UNSIGNED-PAYLOAD";
  std::string signed_head;
  c.tamper = [&](sigv4::HttpRequest& r) {
    signed_head = "PUT /logs/k HTTP/1.1\r\n";
    for (const auto& [k, v] : r.headers) signed_head += k + ": " + v + "\r\n";
    signed_head += "Content-Length: 62914560\r\n\r\n";
  };
  t.s3(reader, c);  // only to get the signed header section
  ASSERT_FALSE(signed_head.empty());
  std::string denied = early(signed_head);
  EXPECT_EQ(denied.rfind("HTTP/1.1 403", 0), 0u) << denied;
  EXPECT_NE(denied.find("AccessDenied"), std::string::npos);
  // Authorized large bodies are read and stored whole; the payload hash is still checked.
  std::string body(3 * 1024 * 1024 + 7, 'z');
  S3Call put;
  put.method = "PUT";
  put.target = "/logs/big";
  put.body = body;
  EXPECT_EQ(t.s3(t.admin(), put).status, 200);
  S3Call get;
  get.target = "/logs/big";
  EXPECT_EQ(t.s3(t.admin(), get).body, body);
  put.payload_hash = std::string(64, 'a');
  auto mismatch = t.s3(t.admin(), put);
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.code(), "XAmzContentSHA256Mismatch");
}

// Admitted S3 bodies held at once are bounded too (max_inflight_body_bytes, by announced size):
// over it, 503 SlowDown before the body; the budget comes back when a request ends.
TEST(Server, S3BodiesHeldAtOnceStayWithinTheBudget) {
  EmulatorConfig c;
  c.test_clock = kStart;
  c.max_body_bytes = 512 * 1024;
  c.max_inflight_body_bytes = 1024 * 1024;
  TestEmulator t(c);
  t.make_bucket("logs");
  S3Call put;
  put.method = "PUT";
  put.target = "/logs/k";
  put.payload_hash = "UNSIGNED-PAYLOAD";
  std::string head;
  put.tamper = [&](sigv4::HttpRequest& r) {
    head = "PUT /logs/k HTTP/1.1\r\n";
    for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
    head += "Content-Length: 400000\r\n\r\n";
  };
  t.s3(t.admin(), put);
  ASSERT_FALSE(head.empty());
  boost::asio::io_context ioc;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> open;
  for (int i = 0; i < 2; ++i) {  // 2 x 400,000 bytes announced, bodies not sent yet
    open.push_back(std::make_unique<boost::asio::ip::tcp::socket>(ioc));
    open.back()->connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
    boost::asio::write(*open.back(), boost::asio::buffer(head));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  boost::asio::ip::tcp::socket third(ioc);
  third.connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
  boost::asio::write(third, boost::asio::buffer(head));
  std::string over = read_within(third, std::chrono::milliseconds(3000), "</Error>");
  EXPECT_EQ(over.rfind("HTTP/1.1 503", 0), 0u) << over;
  EXPECT_NE(over.find("SlowDown"), std::string::npos);
  // One of the two sends its body and is stored; its share of the budget is free again.
  boost::asio::write(*open[0], boost::asio::buffer(std::string(400000, 'x')));
  std::string stored = read_within(*open[0], std::chrono::milliseconds(3000), "\r\n\r\n");
  EXPECT_EQ(stored.rfind("HTTP/1.1 200", 0), 0u) << stored;
  boost::asio::ip::tcp::socket fourth(ioc);
  fourth.connect({boost::asio::ip::make_address("127.0.0.1"), t.emu().s3_port()});
  boost::asio::write(fourth, boost::asio::buffer(head));
  boost::asio::write(fourth, boost::asio::buffer(std::string(400000, 'y')));
  std::string again = read_within(fourth, std::chrono::milliseconds(3000), "\r\n\r\n");
  EXPECT_EQ(again.rfind("HTTP/1.1 200", 0), 0u) << again;
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
