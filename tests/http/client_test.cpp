#include "harness/http/client.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/http/test_server.h"

namespace scopecheck::http {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::SeenRequest;
using testing::TestServer;

Endpoint local(uint16_t port, std::string scheme = "http") {
  return Endpoint{std::move(scheme), "127.0.0.1", port};
}

Answer echo(const SeenRequest& r) {
  return Answer{200, {{"X-Echo-Target", r.target}}, r.method + " " + r.target + " " + r.body};
}

Request get(std::string target) { return Request{"GET", std::move(target), {}, ""}; }

TEST(Client, ReusesOneKeepAliveConnectionForSequentialRequests) {
  TestServer server(echo);
  Client client(ClientOptions{});
  for (int i = 0; i < 5; ++i) {
    auto r = client.send(local(server.port()), get("/b/k" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "GET /b/k" + std::to_string(i) + " ");
    EXPECT_EQ(r->header("x-echo-target"), "/b/k" + std::to_string(i));
  }
  EXPECT_EQ(server.accepted(), 1u);
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(Client, HeadAnswerWithContentLengthHasNoBodyAndKeepsTheConnection) {
  TestServer server([](const SeenRequest&) { return Answer{200, {}, "0123456789"}; });
  Client client(ClientOptions{});
  auto head = client.send(local(server.port()), Request{"HEAD", "/b/k", {}, ""});
  ASSERT_TRUE(head.ok()) << head.error().to_string();
  EXPECT_EQ(head->header("Content-Length"), "10");
  EXPECT_EQ(head->body, "");
  auto after = client.send(local(server.port()), get("/b/k"));
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  EXPECT_EQ(after->body, "0123456789");
  EXPECT_EQ(server.accepted(), 1u);
}

TEST(Client, SendsBodyWithContentLengthAndHeadersInOrder) {
  TestServer server(echo);
  Client client(ClientOptions{});
  Request put{"PUT", "/b/a%20b", {{"X-Amz-Date", "20260101T000000Z"}, {"x-amz-meta-a", "1"}}, "hello"};
  auto r = client.send(local(server.port()), put);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->body, "PUT /b/a%20b hello");
  auto seen = server.requests().at(0);
  EXPECT_EQ(seen.header("Content-Length"), "5");
  EXPECT_EQ(seen.header("x-amz-date"), "20260101T000000Z");
  EXPECT_EQ(seen.header("Host"), "127.0.0.1:" + std::to_string(server.port()));

  // An empty PUT still says Content-Length: 0 (S3 answers 411 otherwise).
  ASSERT_TRUE(client.send(local(server.port()), Request{"PUT", "/b/e", {}, ""}).ok());
  EXPECT_EQ(server.requests().at(1).header("Content-Length"), "0");
}

TEST(Client, KeepsTheRequestsOwnHostHeader) {
  TestServer server(echo);
  Client client(ClientOptions{});
  Request r = get("/k");
  r.headers = {{"Host", "bucket.acct.r2.localhost"}};
  ASSERT_TRUE(client.send(local(server.port()), r).ok());
  auto seen = server.requests().at(0);
  EXPECT_EQ(seen.header("Host"), "bucket.acct.r2.localhost");
  int hosts = 0;
  for (const auto& [k, v] : seen.headers) hosts += (k == "Host" || k == "host");
  EXPECT_EQ(hosts, 1);
}

TEST(Client, ReconnectsWhenTheServerClosedAnIdleConnection) {
  TestServer server([](const SeenRequest& r) {
    Answer a = echo(r);
    a.close_after = true;  // answers with keep-alive, then closes like an idle timeout
    return a;
  });
  Client client(ClientOptions{});
  for (int i = 0; i < 3; ++i) {
    auto r = client.send(local(server.port()), get("/x"));
    ASSERT_TRUE(r.ok()) << "request " << i << ": " << r.error().to_string();
    EXPECT_EQ(r->status, 200);
    std::this_thread::sleep_for(20ms);  // let the FIN arrive
  }
  EXPECT_EQ(server.accepted(), 3u);
}

TEST(Client, ConnectToSendsAVirtualHostedNameToTheLoopbackServer) {
  TestServer server(echo);
  ClientOptions options;
  options.connect_to["bucket.acct.r2.localhost:9000"] = "127.0.0.1:" + std::to_string(server.port());
  Client client(options);
  Endpoint virtual_hosted{"http", "bucket.acct.r2.localhost", 9000};
  auto r = client.send(virtual_hosted, get("/key"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(server.requests().at(0).header("Host"), "bucket.acct.r2.localhost:9000");
}

TEST(Client, BindsTheSourceAddressTheServerSees) {
  TestServer server(echo);
  ClientOptions options;
  options.source_address = "127.0.0.2";
  Client client(options);
  ASSERT_TRUE(client.send(local(server.port()), get("/a")).ok());
  PerRequestOptions other;
  other.source_address = "127.0.0.3";
  ASSERT_TRUE(client.send(local(server.port()), get("/b"), other).ok());
  ASSERT_TRUE(client.send(local(server.port()), get("/c")).ok());  // pooled 127.0.0.2 again
  EXPECT_EQ(server.peers(), (std::vector<std::string>{"127.0.0.2", "127.0.0.3"}));
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].peer_address, "127.0.0.2");
  EXPECT_EQ(seen[1].peer_address, "127.0.0.3");
  EXPECT_EQ(seen[2].peer_address, "127.0.0.2");
}

TEST(Client, UnbindableSourceAddressIsATypedError) {
  TestServer server(echo);
  ClientOptions options;
  options.source_address = "192.0.2.77";  // TEST-NET-1: not an address of this machine
  Client client(options);
  auto r = client.send(local(server.port()), get("/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, TransportErrc::bind_failed);
}

TEST(Client, ServerThatNeverAnswersTimesOutWithinTheBound) {
  TestServer server([](const SeenRequest&) {
    Answer a;
    a.never_answer = true;
    return a;
  });
  ClientOptions options;
  options.request_timeout = 300ms;
  Client client(options);
  auto start = std::chrono::steady_clock::now();
  auto r = client.send(local(server.port()), get("/slow"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, TransportErrc::timeout);
  EXPECT_NE(r.error().detail.find("127.0.0.1:" + std::to_string(server.port())), std::string::npos);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 2s);

  PerRequestOptions quick;
  quick.request_timeout = 100ms;
  start = std::chrono::steady_clock::now();
  r = client.send(local(server.port()), get("/slow"), quick);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 250ms);
}

uint16_t closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(
      ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();  // closed when acceptor goes out of scope
}

TEST(Client, ConnectionRefusedIsTypedAndNamesHostPort) {
  uint16_t port = closed_port();
  Client client(ClientOptions{});
  auto r = client.send(local(port), get("/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, TransportErrc::connect_refused);
  EXPECT_NE(r.error().to_string().find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << r.error().to_string();
  EXPECT_EQ(r.error().to_string().rfind("connection refused: 127.0.0.1:", 0), 0u);
}

TEST(Client, UnresolvableHostIsResolveFailed) {
  Client client(ClientOptions{});
  auto r = client.send(Endpoint{"http", "no-such-host.invalid", 80}, get("/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, TransportErrc::resolve_failed);
  EXPECT_NE(r.error().detail.find("no-such-host.invalid:80"), std::string::npos);
}

TEST(Client, ResponseBodyAboveTheCapIsAnErrorNotAnAllocation) {
  TestServer server([](const SeenRequest&) { return Answer{200, {}, std::string(2 << 20, 'x')}; });
  ClientOptions options;
  options.max_response_body = 1 << 20;
  Client client(options);
  auto r = client.send(local(server.port()), get("/big"));
  ASSERT_FALSE(r.ok()) << r->status << " " << r->body.size() << " " << r->header("content-length");
  EXPECT_EQ(r.error().code, TransportErrc::response_too_large);

  options.max_response_body = 2 << 20;  // exactly the body: fine
  Client roomy(options);
  auto ok = roomy.send(local(server.port()), get("/big"));
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->body.size(), size_t{2 << 20});
}

TEST(Client, RetriesTransportFailuresOnlyWithinMaxRetries) {
  std::atomic<int> calls{0};
  auto flaky = [&calls](const SeenRequest& r) {
    Answer a = echo(r);
    a.drop = (calls++ % 2 == 0);  // every other request: close without answering
    return a;
  };
  TestServer server(flaky);
  Client strict(ClientOptions{});
  auto r = strict.send(local(server.port()), get("/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, TransportErrc::connection_reset);

  ClientOptions options;
  options.max_retries = 1;
  Client retrying(options);
  calls = 0;
  auto ok = retrying.send(local(server.port()), get("/"));
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(calls.load(), 2);
}

TEST(Client, HttpErrorAnswersAreValuesAndNeverRetried) {
  std::atomic<int> calls{0};
  TestServer server([&calls](const SeenRequest&) {
    ++calls;
    return Answer{503, {{"Retry-After", "1"}}, "<Error><Code>SlowDown</Code></Error>"};
  });
  ClientOptions options;
  options.max_retries = 3;
  Client client(options);
  auto r = client.send(local(server.port()), get("/"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(calls.load(), 1);
}

TEST(Client, RejectsRequestsItCannotSendFaithfully) {
  Client client(ClientOptions{});
  Endpoint nowhere{"http", "127.0.0.1", 1};
  auto bad_method = client.send(nowhere, Request{"GE T", "/", {}, ""});
  ASSERT_FALSE(bad_method.ok());
  EXPECT_EQ(bad_method.error().code, TransportErrc::invalid_request);
  auto bad_header = client.send(nowhere, Request{"GET", "/", {{"X-A", "1\r\nX-B: 2"}}, ""});
  ASSERT_FALSE(bad_header.ok());
  EXPECT_EQ(bad_header.error().code, TransportErrc::invalid_request);
  auto bad_length = client.send(nowhere, Request{"PUT", "/", {{"Content-Length", "9"}}, "abc"});
  ASSERT_FALSE(bad_length.ok());
  EXPECT_EQ(bad_length.error().code, TransportErrc::invalid_request);
  auto bad_target = client.send(nowhere, Request{"GET", "/a b", {}, ""});
  ASSERT_FALSE(bad_target.ok());
  EXPECT_EQ(bad_target.error().code, TransportErrc::invalid_request);
}

TEST(Client, IsSafeToShareBetweenThreads) {
  TestServer server(echo);
  Client client(ClientOptions{});
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string target = "/t" + std::to_string(t) + "/" + std::to_string(i);
        auto r = client.send(local(server.port()), get(target));
        if (r.ok() && r->body == "GET " + target + " ") ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 100);
  EXPECT_LE(server.accepted(), 4u);
}

class ClientTls : public ::testing::Test {
 protected:
  void SetUp() override {
    identity_ = testing::make_self_signed({"DNS:s3.test", "IP:127.0.0.1"});
    ca_file_ = testing::write_temp_file(identity_.cert_pem);
    server_ = std::make_unique<TestServer>(echo, identity_);
  }
  void TearDown() override { std::remove(ca_file_.c_str()); }

  testing::TlsIdentity identity_;
  std::string ca_file_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(ClientTls, VerifiesASelfSignedCertificateGivenAsCaFile) {
  ClientOptions options;
  options.ca_file = ca_file_;
  Client client(options);
  auto r = client.send(local(server_->port(), "https"), get("/tls"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->body, "GET /tls ");
  ASSERT_TRUE(client.send(local(server_->port(), "https"), get("/again")).ok());
  EXPECT_EQ(server_->accepted(), 1u);
}

TEST_F(ClientTls, VerifiesTheHostNameThroughConnectTo) {
  ClientOptions options;
  options.ca_file = ca_file_;
  std::string loopback = "127.0.0.1:" + std::to_string(server_->port());
  options.connect_to["s3.test:443"] = loopback;
  options.connect_to["other.test:443"] = loopback;
  Client client(options);
  auto good = client.send(Endpoint{"https", "s3.test", 443}, get("/"));
  ASSERT_TRUE(good.ok()) << good.error().to_string();
  EXPECT_EQ(server_->requests().at(0).header("Host"), "s3.test");

  auto wrong_name = client.send(Endpoint{"https", "other.test", 443}, get("/"));
  ASSERT_FALSE(wrong_name.ok());
  EXPECT_EQ(wrong_name.error().code, TransportErrc::tls_verify_failed);
  EXPECT_NE(wrong_name.error().detail.find("other.test:443"), std::string::npos);
}

TEST_F(ClientTls, UnknownIssuerFailsVerification) {
  Client client(ClientOptions{});  // system roots only
  auto r = client.send(local(server_->port(), "https"), get("/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, TransportErrc::tls_verify_failed);
  EXPECT_NE(r.error().detail.find("127.0.0.1:" + std::to_string(server_->port())), std::string::npos);
}

TEST_F(ClientTls, VerificationCanBeTurnedOff) {
  ClientOptions options;
  options.verify_tls = false;
  Client client(options);
  auto r = client.send(local(server_->port(), "https"), get("/"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
}

TEST_F(ClientTls, PlainHttpToATlsPortIsATransportError) {
  ClientOptions options;
  options.request_timeout = 2s;
  Client plain(options);
  auto r = plain.send(local(server_->port(), "http"), get("/"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().code == TransportErrc::protocol_error ||
              r.error().code == TransportErrc::connection_reset)
      << r.error().to_string();
}

}  // namespace
}  // namespace scopecheck::http
