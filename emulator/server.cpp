#include "emulator/server.h"

#include "emulator/memory.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

namespace scopecheck::emulator {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;

namespace {

enum class Which { s3, s3_eu, api };

struct Shared {
  EmulatorCore& core;
  // One count per listener, so a flood on one port cannot use up another's slots.
  std::array<std::atomic<int>, 3> connections{};
  // S3 body bytes announced by requests being read or handled (each over the unauthenticated
  // bound); capped by EmulatorConfig::max_inflight_body_bytes.
  std::atomic<std::uint64_t> inflight_body{0};
  std::atomic<bool> stopping{false};
  std::atomic<int>& count(Which w) { return connections[static_cast<std::size_t>(w)]; }
};

// S3 request bodies above this size are read only after the header section alone has passed
// authentication and authorization: an unauthenticated caller can make the emulator hold at most
// this much body per connection (plus the header section).
constexpr std::uint64_t kUnauthenticatedBodyBytes = 64 * 1024;
// A request or answer body at least this large is followed by release_free_memory() (memory.h):
// the allocator keeps freed large blocks, so without it one big upload would keep the process at
// its peak size. Token API bodies are JSON that grows about
// 24-fold as a parsed tree of small blocks, so a smaller body already warrants it there.
constexpr std::size_t kTrimAfterBytes = 1024 * 1024;
constexpr std::size_t kTrimAfterApiBytes = 64 * 1024;
// How long a refused connection's unread request bytes are read and discarded before the close,
// so the client sees the answer rather than a reset.
constexpr int kDrainSeconds = 2;

// The peer address as text; IPv4-mapped IPv6 peers become dotted IPv4.
std::string peer_ip(const tcp::socket& s) {
  boost::system::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "";
  auto a = ep.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6()).to_string();
  return a.to_string();
}

template <class Fields>
HttpRequest head_of(const http::header<true, Fields>& r, std::string client_ip) {
  HttpRequest out;
  out.method = std::string(r.method_string());
  out.target = std::string(r.target());
  for (const auto& f : r) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  out.client_ip = std::move(client_ip);
  return out;
}

HttpRequest to_request(http::request<http::string_body>&& r, std::string client_ip) {
  HttpRequest out = head_of(r, std::move(client_ip));
  out.body = std::move(r.body());  // moved, not copied: a 64 MiB body exists once here
  return out;
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  Session(Shared& shared, Which which, Args&&... args)
      : shared_(shared), which_(which), stream_(std::forward<Args>(args)...),
        timer_(beast::get_lowest_layer(stream_).socket().get_executor()) {
    shared_.count(which_)++;
  }
  ~Session() {
    release_body();
    shared_.count(which_)--;
  }

  void run() {
    ip_ = peer_ip(beast::get_lowest_layer(stream_).socket());
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      read();
    } else {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(header_timeout()));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();
                              });
    }
  }

 private:
  const EmulatorConfig& cfg() const { return shared_.core.config(); }
  std::string_view jurisdiction() const { return which_ == Which::s3_eu ? "eu" : "default"; }

  // The header section must be complete this long after its first byte (never longer than the
  // idle timeout), so a client that trickles it in (slowloris) holds its slot only that long.
  int header_timeout() const { return std::max(1, std::min(cfg().header_timeout_seconds, cfg().idle_timeout_seconds)); }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(cfg().max_header_bytes));
    parser_->body_limit(which_ == Which::api ? std::min(cfg().max_api_body_bytes, cfg().max_body_bytes)
                                             : cfg().max_body_bytes);
    big_ = false;
    if (buffer_.size() > 0) return read_header();  // a pipelined request has begun already
    // Idle: wait up to the idle timeout for the first byte of the next request.
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(cfg().idle_timeout_seconds));
    stream_.async_read_some(buffer_.prepare(1024), [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->read_header();
    });
  }

  void read_header() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(header_timeout()));
    // The header section first: a client that sent `Expect: 100-continue` waits for an interim
    // answer before it sends the body (RFC 9110 §10.1.1); reading the whole message at once would
    // leave it waiting until its own timeout (awscli: 30 s per PUT).
    http::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_header(ec);
    });
  }

  // True when `ec` ends the read with an answer already sent or the connection closed.
  bool read_failed(beast::error_code ec) {
    if (!ec) return false;
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
      close();
    else if (ec == http::error::header_limit)
      refuse(431, "RequestHeaderSectionTooLarge", "Request header too large");
    else if (ec == http::error::body_limit)
      refuse(413, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    else if (&ec.category() == &http::make_error_code(http::error::bad_target).category())
      refuse(400, "BadRequest", "Malformed HTTP request");
    else
      close();
    return true;
  }

  void on_header(beast::error_code ec) {
    if (read_failed(ec)) return;
    const auto& h = parser_->get();
    if (which_ != Which::api && !parser_->is_done()) {
      auto len = parser_->content_length();
      if (!len || *len > kUnauthenticatedBodyBytes) {
        // Decide everything that does not depend on the body before reading it.
        std::optional<HttpResponse> refusal;
        try {
          refusal = shared_.core.refuse_s3_early(head_of(h, ip_), jurisdiction());
        } catch (const std::exception&) {
          refusal.reset();  // the full request will be judged after its body
        }
        if (refusal) {
          keep_alive_ = false;
          refusal->close = true;
          drain_ = true;
          return send(std::move(*refusal));
        }
        // Admitted: the body counts against the budget of S3 bodies held at once.
        std::uint64_t want = len ? *len : cfg().max_body_bytes;
        if (!reserve_body(want))
          return refuse(503, "SlowDown", "Please reduce your request rate.");
      }
    }
    if (h.version() >= 11 && !parser_->is_done() && beast::iequals(h[http::field::expect], "100-continue")) {
      auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(cfg().request_timeout_seconds));
      http::async_write(stream_, *interim, [self = this->shared_from_this(), interim](beast::error_code wec, std::size_t) {
        if (wec) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(cfg().idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  bool reserve_body(std::uint64_t n) {
    // One body of the largest allowed size always fits.
    const std::uint64_t cap = std::max<std::uint64_t>(cfg().max_inflight_body_bytes, cfg().max_body_bytes);
    auto cur = shared_.inflight_body.load();
    do {
      if (cur + n > cap) return false;
    } while (!shared_.inflight_body.compare_exchange_weak(cur, cur + n));
    reserved_ = n;
    return true;
  }

  void release_body() {
    if (reserved_ == 0) return;
    shared_.inflight_body -= reserved_;
    reserved_ = 0;
  }

  void on_read(beast::error_code ec) {
    if (read_failed(ec)) return;
    auto req = parser_->release();
    parser_.reset();
    keep_alive_ = req.keep_alive();
    HttpRequest r = to_request(std::move(req), ip_);
    big_ = r.body.size() >= (which_ == Which::api ? kTrimAfterApiBytes : kTrimAfterBytes);
    HttpResponse res;
    try {
      res = which_ == Which::api ? shared_.core.handle_api(r) : shared_.core.handle_s3(r, jurisdiction());
    } catch (const std::exception&) {
      res = HttpResponse{};
      res.status = 500;
      res.body = "internal error";
      res.close = true;
    }
    r = HttpRequest{};  // the body's memory goes before the answer is written
    release_body();
    if (res.fault == Fault::reset) return reset();
    if (res.fault == Fault::stall) return stall();
    big_ = big_ || res.body.size() >= kTrimAfterBytes;
    send(std::move(res));
  }

  // A refusal decided here, before either API sees the request: S3's XML error, or the token
  // API's envelope with the code that API uses for the same kind of problem (emulator/README.md).
  void refuse(int status, const char* code, const char* message) {
    HttpResponse res;
    res.status = status;
    res.close = true;
    if (which_ != Which::api) {
      res.headers.emplace_back("Content-Type", "application/xml");
      res.body = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>") + code + "</Code><Message>" +
                 message + "</Message></Error>";
    } else {
      res.headers.emplace_back("Content-Type", "application/json");
      res.body = std::string("{\"success\":false,\"errors\":[{\"code\":") + std::to_string(api_code(status)) +
                 ",\"message\":\"" + message + "\"}],\"messages\":[],\"result\":null}";
    }
    keep_alive_ = false;
    drain_ = true;
    send(std::move(res));
  }

  // 400 malformed request and 431 oversized header section: 6003 "Invalid request headers", the
  // token API's code for a request it cannot read; 413 oversized body: 1001, its code for a body
  // it refuses.
  static int api_code(int status) { return status == 413 ? 1001 : 6003; }

  void send(HttpResponse res) {
    bool keep = keep_alive_ && !res.close && !shared_.stopping;
    if (res.head) {
      auto msg = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(res.status), 11);
      for (const auto& [k, v] : res.headers) msg->insert(k, v);
      msg->set(http::field::content_length, std::to_string(res.body.size()));
      msg->keep_alive(keep);
      write(msg, keep);
    } else {
      auto msg = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(res.status), 11);
      for (const auto& [k, v] : res.headers) msg->insert(k, v);
      msg->body() = std::move(res.body);
      msg->prepare_payload();
      msg->keep_alive(keep);
      write(msg, keep);
    }
  }

  template <class Msg>
  void write(std::shared_ptr<Msg> msg, bool keep) {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(cfg().request_timeout_seconds));
    http::async_write(stream_, *msg,
                      [self = this->shared_from_this(), msg, keep](beast::error_code ec, std::size_t) mutable {
                        msg.reset();  // a large answer is freed before the heap is trimmed
                        if (self->big_) release_free_memory();
                        if (!ec && !keep && self->drain_) return self->drain();
                        if (ec || !keep) return self->close();
                        self->read();
                      });
  }

  // Answered before the request's body was read: stop sending, then read and discard what the
  // client still sends for a short while, so it reads the answer instead of a reset.
  void drain() {
    beast::error_code ec;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(kDrainSeconds));
    buffer_.clear();
    discard();
  }

  void discard() {
    beast::get_lowest_layer(stream_).async_read_some(
        buffer_.prepare(16 * 1024), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->close();
          self->discard();  // nothing is committed: the buffer stays at one 16 KiB block
        });
  }

  void reset() {
    auto& sock = beast::get_lowest_layer(stream_).socket();
    boost::system::error_code ec;
    sock.set_option(net::socket_base::linger(true, 0), ec);
    sock.close(ec);
  }

  void stall() {
    beast::get_lowest_layer(stream_).expires_never();
    timer_.expires_after(std::chrono::seconds(cfg().stall_seconds));
    timer_.async_wait([self = this->shared_from_this()](beast::error_code) { self->close(); });
  }

  void close() {
    beast::error_code ec;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(stream_).close();
  }

  Shared& shared_;
  Which which_;
  Stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
  bool big_ = false;    // this request or its answer was large: trim the heap after it
  bool drain_ = false;  // answered without reading the whole request
  std::uint64_t reserved_ = 0;  // this request's share of Shared::inflight_body
  std::string ip_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, Shared& shared, Which which, ssl::context* tls, const std::string& hostport)
      : ioc_(ioc), shared_(shared), which_(which), tls_(tls), acceptor_(net::make_strand(ioc)) {
    auto colon = hostport.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("listen address '" + hostport + "' needs host:port");
    std::string host = hostport.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    auto addr = net::ip::make_address(host, ec);
    if (ec) throw std::runtime_error("listen address '" + hostport + "': bad host");
    unsigned long port = 0;
    try {
      port = std::stoul(hostport.substr(colon + 1));
    } catch (...) {
      throw std::runtime_error("listen address '" + hostport + "': bad port");
    }
    if (port > 65535) throw std::runtime_error("listen address '" + hostport + "': bad port");
    tcp::endpoint ep(addr, static_cast<unsigned short>(port));
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + hostport + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
  }

  void run() { accept(); }
  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->acceptor_.close(ec);
    });
  }
  uint16_t port() const { return port_; }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      self->on_accept(ec, std::move(s));
    });
  }

  void on_accept(beast::error_code ec, tcp::socket s) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      if (shared_.count(which_).load() >= shared_.core.config().max_connections) {
        boost::system::error_code ignored;
        s.close(ignored);  // over the cap: refuse at once rather than queue
      } else if (tls_) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(shared_, which_, std::move(s), *tls_)->run();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(shared_, which_, std::move(s))->run();
      }
    }
    accept();
  }

  net::io_context& ioc_;
  Shared& shared_;
  Which which_;
  ssl::context* tls_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
};

}  // namespace

struct Server::Impl {
  explicit Impl(EmulatorCore& core) : shared{core}, ioc(std::max(1, core.config().threads)) {}
  Shared shared;
  net::io_context ioc;
  std::optional<ssl::context> tls;
  std::shared_ptr<Listener> s3, api, s3_eu;
  std::vector<std::thread> threads;
  bool running = false;
};

Server::Server(EmulatorCore& core) : impl_(std::make_unique<Impl>(core)) {
  const auto& c = core.config();
  if (c.tls_cert.empty() != c.tls_key.empty()) throw ConfigError("--tls-cert and --tls-key go together");
  if (!c.tls_cert.empty()) {
    impl_->tls.emplace(ssl::context::tls_server);
    boost::system::error_code ec;
    impl_->tls->use_certificate_chain_file(c.tls_cert, ec);
    if (ec) throw ConfigError("--tls-cert " + c.tls_cert + ": " + ec.message());
    impl_->tls->use_private_key_file(c.tls_key, ssl::context::pem, ec);
    if (ec) throw ConfigError("--tls-key " + c.tls_key + ": " + ec.message());
  }
}

Server::~Server() { stop(); }

void Server::start() {
  if (impl_->running) return;
  auto* tls = impl_->tls ? &*impl_->tls : nullptr;
  const auto& c = impl_->shared.core.config();
  impl_->s3 = std::make_shared<Listener>(impl_->ioc, impl_->shared, Which::s3, tls, c.listen);
  impl_->api = std::make_shared<Listener>(impl_->ioc, impl_->shared, Which::api, tls, c.api_listen);
  if (!c.eu_listen.empty()) impl_->s3_eu = std::make_shared<Listener>(impl_->ioc, impl_->shared, Which::s3_eu, tls, c.eu_listen);
  impl_->s3->run();
  impl_->api->run();
  if (impl_->s3_eu) impl_->s3_eu->run();
  impl_->running = true;
  for (int i = 0; i < std::max(1, c.threads); ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void Server::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  impl_->shared.stopping = true;
  impl_->s3->close();
  impl_->api->close();
  if (impl_->s3_eu) impl_->s3_eu->close();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

uint16_t Server::s3_port() const { return impl_->s3 ? impl_->s3->port() : 0; }
uint16_t Server::api_port() const { return impl_->api ? impl_->api->port() : 0; }
uint16_t Server::s3_eu_port() const { return impl_->s3_eu ? impl_->s3_eu->port() : 0; }

}  // namespace scopecheck::emulator
