// The one wire form of requests and answers (harness/http/message.h): the TCP client puts exactly
// serialize_request's bytes on the socket and reads answers exactly as parse_response does, so
// the in-process transport, which uses these functions, moves the same bytes.
#include "harness/http/message.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "harness/http/client.h"

namespace scopecheck::http {
namespace {

// Accepts one connection on 127.0.0.1, records every byte of one request (header and
// Content-Length body), answers with `answer` and closes.
class RawCapture {
 public:
  explicit RawCapture(std::string answer) : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 1);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      for (;;) {
        const auto head_end = seen_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          size_t body = 0;
          const auto cl = seen_.find("Content-Length: ");
          if (cl != std::string::npos && cl < head_end) body = std::stoul(seen_.substr(cl + 16));
          if (seen_.size() >= head_end + 4 + body) break;
        }
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        seen_.append(buf, static_cast<size_t>(n));
      }
      ::send(c, answer_.data(), answer_.size(), MSG_NOSIGNAL);
      ::close(c);
    });
  }
  ~RawCapture() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return port_; }
  std::string seen() {
    if (thread_.joinable()) thread_.join();
    return seen_;
  }

 private:
  std::string answer_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::string seen_;
  std::thread thread_;
};

Request signed_put() {
  Request r;
  r.method = "PUT";
  r.target = "/logs/caf%C3%A9.txt?x-id=PutObject";
  r.headers = {{"Host", "logs.acct.r2.localhost:9000"},
               {"x-amz-date", "20260101T000000Z"},
               {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"},
               {"Authorization", "AWS4-HMAC-SHA256 Credential=k/20260101/auto/s3/aws4_request, SignedHeaders=host, Signature=00"}};
  r.body = "hello";
  return r;
}

TEST(Message, TheClientWritesExactlyTheSerializedBytes) {
  const std::string answer = "HTTP/1.1 200 OK\r\nETag: \"x\"\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  RawCapture server(answer);
  Endpoint ep{"http", "127.0.0.1", server.port()};
  Client client(ClientOptions{});
  auto got = client.send(ep, signed_put());
  ASSERT_TRUE(got) << got.error().to_string();
  auto bytes = serialize_request(ep, signed_put());
  ASSERT_TRUE(bytes);
  EXPECT_EQ(server.seen(), *bytes);
  auto parsed = parse_response(answer, false, 1024, "test");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status, got->status);
  EXPECT_EQ(parsed->headers, got->headers);
  EXPECT_EQ(parsed->body, got->body);
}

TEST(Message, HostIsAddedFromTheEndpointWhenAbsent) {
  Request r;
  r.method = "GET";
  r.target = "/";
  auto bytes = serialize_request(Endpoint{"http", "127.0.0.1", 8080}, r);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
}

TEST(Message, RequestsThatCannotBeSentAreRefusedNamingTheEndpoint) {
  const Endpoint ep{"http", "127.0.0.1", 1};
  Request r;
  r.method = "GE T";
  r.target = "/";
  auto bad_method = serialize_request(ep, r);
  ASSERT_FALSE(bad_method);
  EXPECT_EQ(bad_method.error().code, TransportErrc::invalid_request);
  EXPECT_NE(bad_method.error().detail.find("127.0.0.1:1"), std::string::npos);
  r.method = "PUT";
  r.headers = {{"Content-Length", "9"}};
  r.body = "abc";
  EXPECT_EQ(serialize_request(ep, r).error().code, TransportErrc::invalid_request);
  r.headers = {{"x-amz-meta-a", "line\r\nInjected: 1"}};
  EXPECT_EQ(serialize_request(ep, r).error().code, TransportErrc::invalid_request);
}

TEST(Message, InterimAnswersAreSkipped) {
  auto r = parse_response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nx-a: 1\r\n\r\n", false, 16, "t");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->header("X-A"), "1");
}

TEST(Message, AHeadAnswerHasNoBodyDespiteItsContentLength) {
  auto r = parse_response("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n", true, 16, "t");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "");
}

TEST(Message, BrokenAnswersAreTransportFailures) {
  EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, 64, "t").error().code,
            TransportErrc::connection_reset);
  EXPECT_EQ(parse_response("not http at all\r\n\r\n", false, 64, "t").error().code, TransportErrc::protocol_error);
  EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'), false, 64, "t")
                .error()
                .code,
            TransportErrc::response_too_large);
  EXPECT_EQ(parse_response("", false, 64, "t").error().code, TransportErrc::connection_reset);
}

}  // namespace
}  // namespace scopecheck::http
