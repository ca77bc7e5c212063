#include "harness/http/client.h"

#include "harness/http/beast_message.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <stdexcept>

namespace scopecheck::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kHeaderLimit = 256 * 1024;

std::chrono::milliseconds remaining(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

TransportError fail(TransportErrc code, const std::string& where, std::string_view cause) {
  std::string detail = where;
  if (!cause.empty()) {
    detail += " (";
    detail += cause;
    detail += ")";
  }
  return TransportError{code, std::move(detail)};
}

// One connection and the io_context its operations run on. Declaration order matters: the
// streams must be destroyed before the io_context.
struct Connection {
  asio::io_context ioc;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  // Starts an async operation whose handler takes (error_code, ...) and runs it to completion.
  template <class Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  // A pooled connection is usable if the peer has neither closed it nor sent anything unasked.
  bool looks_alive() {
    auto& socket = lowest().socket();
    if (!socket.is_open()) return false;
    char byte;
    ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

// What one attempt on one connection produced.
struct ExchangeFailure {
  TransportError error;
  bool nothing_received;  // the peer closed before a byte of answer: the request may be resent
};

}  // namespace

struct Client::Impl {
  ClientOptions options;
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::atomic<size_t> opened{0};

  explicit Impl(ClientOptions o) : options(std::move(o)) {
    // An extra CA is read now, so an unreadable file is an error of the constructor; otherwise
    // the TLS context (which loads the system's roots, tens of milliseconds) is built on the
    // first https request: a plain-HTTP client costs nothing to make.
    if (options.verify_tls && !options.ca_file.empty()) tls();
  }

  ssl::context& tls() {
    std::call_once(tls_once, [this] {
      ssl::context ctx{ssl::context::tls_client};
      if (options.verify_tls) {
        ctx.set_verify_mode(ssl::verify_peer);
        boost::system::error_code ec;
        ctx.set_default_verify_paths(ec);  // no system roots is not fatal: ca_file may do
        if (!options.ca_file.empty()) {
          ctx.load_verify_file(options.ca_file, ec);
          if (ec) throw std::runtime_error("cannot load CA file " + options.ca_file + ": " + ec.message());
        }
      } else {
        ctx.set_verify_mode(ssl::verify_none);
      }
      tls_context.emplace(std::move(ctx));
    });
    return *tls_context;
  }

 private:
  std::once_flag tls_once;
  std::optional<ssl::context> tls_context;

 public:
  std::unique_ptr<Connection> take_idle(const std::string& key) {
    std::lock_guard lock(mutex);
    auto it = idle.find(key);
    while (it != idle.end() && !it->second.empty()) {
      auto conn = std::move(it->second.back());
      it->second.pop_back();
      if (conn->looks_alive()) return conn;
    }
    return nullptr;
  }

  void give_back(const std::string& key, std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    if (list.size() < options.max_idle_per_host) list.push_back(std::move(conn));
  }

  Expected<std::unique_ptr<Connection>, TransportError> open(const Endpoint& endpoint,
                                                              const std::string& connect_host,
                                                              uint16_t connect_port,
                                                              const std::string& source) {
    const std::string where = endpoint.host_port() +
                              (connect_host == endpoint.host && connect_port == endpoint.port
                                   ? std::string()
                                   : " via " + Endpoint{"", connect_host, connect_port}.host_port());
    const auto deadline = Clock::now() + options.connect_timeout;
    auto conn = std::make_unique<Connection>();

    std::optional<asio::ip::address> bind_to;
    if (!source.empty()) {
      boost::system::error_code ec;
      bind_to = asio::ip::make_address(source, ec);
      if (ec) return Unexpected{fail(TransportErrc::bind_failed, where, "source " + source)};
    }

    // Resolve, bounded by the connect budget.
    tcp::resolver resolver(conn->ioc);
    asio::steady_timer timer(conn->ioc);
    tcp::resolver::results_type results;
    beast::error_code resolve_ec = asio::error::would_block;
    bool resolve_timed_out = false;
    timer.expires_after(remaining(deadline));
    resolver.async_resolve(connect_host, std::to_string(connect_port),
                           tcp::resolver::numeric_service,
                           [&](beast::error_code ec, tcp::resolver::results_type r) {
                             resolve_ec = ec;
                             results = std::move(r);
                             timer.cancel();
                           });
    timer.async_wait([&](beast::error_code ec) {
      if (!ec) {
        resolve_timed_out = true;
        resolver.cancel();
      }
    });
    conn->ioc.run();
    if (resolve_timed_out) return Unexpected{fail(TransportErrc::connect_timeout, where, "resolve")};
    if (resolve_ec || results.empty()) {
      return Unexpected{fail(TransportErrc::resolve_failed, where, resolve_ec.message())};
    }

    // Connect to the first address that accepts, binding the source address first.
    beast::tcp_stream stream(conn->ioc);
    beast::error_code connect_ec = asio::error::host_not_found;
    bool bind_error = false;
    std::string bind_cause;
    for (const auto& entry : results) {
      tcp::endpoint peer = entry.endpoint();
      if (bind_to && bind_to->is_v4() != peer.address().is_v4()) {
        bind_error = true;
        bind_cause = "source " + source + " cannot reach " + peer.address().to_string();
        continue;
      }
      beast::error_code ec;
      stream.socket().close(ec);
      stream.socket().open(peer.protocol(), ec);
      if (!ec && bind_to) stream.socket().bind(tcp::endpoint(*bind_to, 0), ec);
      if (ec) {
        bind_error = true;
        bind_cause = "source " + source + ": " + ec.message();
        continue;
      }
      bind_error = false;
      stream.expires_after(remaining(deadline));
      connect_ec = conn->run([&](auto handler) { stream.async_connect(peer, handler); });
      if (!connect_ec) break;
    }
    if (bind_error) return Unexpected{fail(TransportErrc::bind_failed, where, bind_cause)};
    if (connect_ec == beast::error::timeout) {
      return Unexpected{fail(TransportErrc::connect_timeout, where, "")};
    }
    if (connect_ec == asio::error::connection_refused) {
      return Unexpected{fail(TransportErrc::connect_refused, where, connect_ec.message())};
    }
    if (connect_ec) return Unexpected{fail(TransportErrc::connect_failed, where, connect_ec.message())};
    beast::error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);

    if (!endpoint.tls()) {
      conn->plain.emplace(std::move(stream));
    } else {
      conn->tls.emplace(std::move(stream), tls());
      SSL* native = conn->tls->native_handle();
      boost::system::error_code ec;
      asio::ip::make_address(endpoint.host, ec);
      const bool host_is_ip = !ec;
      if (!host_is_ip) SSL_set_tlsext_host_name(native, endpoint.host.c_str());
      if (options.verify_tls) {
        X509_VERIFY_PARAM* param = SSL_get0_param(native);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (host_is_ip) {
          X509_VERIFY_PARAM_set1_ip_asc(param, endpoint.host.c_str());
        } else {
          X509_VERIFY_PARAM_set1_host(param, endpoint.host.c_str(), 0);
        }
      }
      conn->lowest().expires_after(remaining(deadline));
      auto hs_ec = conn->run(
          [&](auto handler) { conn->tls->async_handshake(ssl::stream_base::client, handler); });
      if (hs_ec) {
        if (hs_ec == beast::error::timeout) {
          return Unexpected{fail(TransportErrc::connect_timeout, where, "TLS handshake")};
        }
        long verify = SSL_get_verify_result(native);
        if (options.verify_tls && verify != X509_V_OK) {
          return Unexpected{fail(TransportErrc::tls_verify_failed, where,
                                 X509_verify_cert_error_string(verify))};
        }
        return Unexpected{fail(TransportErrc::tls_handshake_failed, where, hs_ec.message())};
      }
    }
    conn->lowest().expires_never();
    ++opened;
    return conn;
  }

  template <class Stream>
  Expected<std::pair<Response, bool>, ExchangeFailure> exchange_on(
      Stream& stream, Connection& conn, bhttp::request<bhttp::string_body>& req, bool head,
      std::chrono::milliseconds timeout, const std::string& where) {
    auto failure = [&](TransportErrc code, const beast::error_code& ec, bool nothing) {
      return Unexpected{ExchangeFailure{fail(code, where, ec.message()), nothing}};
    };
    conn.lowest().expires_after(timeout);
    auto ec = conn.run([&](auto handler) { bhttp::async_write(stream, req, handler); });
    if (ec == beast::error::timeout) return failure(TransportErrc::timeout, ec, false);
    if (ec) return failure(TransportErrc::connection_reset, ec, true);

    for (;;) {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(options.max_response_body);
      parser.header_limit(kHeaderLimit);
      if (head) parser.skip(true);
      // Header first: Boost 1.74's eager parse (what async_read does) skips the body_limit check
      // of a Content-Length that arrives in the same segment as the header.
      ec = conn.run(
          [&](auto handler) { bhttp::async_read_header(stream, conn.buffer, parser, handler); });
      if (!ec && !parser.is_done()) {
        ec = conn.run([&](auto handler) { bhttp::async_read(stream, conn.buffer, parser, handler); });
      }
      if (ec) {
        if (ec == beast::error::timeout) return failure(TransportErrc::timeout, ec, false);
        if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit ||
            ec == bhttp::error::buffer_overflow) {
          return failure(TransportErrc::response_too_large, ec, false);
        }
        const bool nothing = !parser.got_some();
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
            ec == asio::error::eof || ec == asio::error::connection_reset ||
            ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
            ec == ssl::error::stream_truncated) {
          return failure(TransportErrc::connection_reset, ec, nothing);
        }
        if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
          return failure(TransportErrc::protocol_error, ec, false);
        }
        if (ec.category() == asio::error::get_ssl_category()) {
          return failure(TransportErrc::protocol_error, ec, false);
        }
        return failure(TransportErrc::connection_reset, ec, nothing);
      }
      auto& msg = parser.get();
      const int status = static_cast<int>(msg.result_int());
      if (status >= 100 && status < 200 && status != 101) continue;  // interim answer
      const bool reusable = msg.keep_alive() && !parser.need_eof() && status != 101;
      Response response = detail::to_response(parser.release());
      conn.lowest().expires_never();
      return std::pair{std::move(response), reusable};
    }
  }
  Expected<Response, TransportError> send_once(const Endpoint& endpoint,
                                               bhttp::request<bhttp::string_body>& req, bool head,
                                               const std::string& connect_host,
                                               uint16_t connect_port, const std::string& source,
                                               std::chrono::milliseconds timeout) {
    const std::string key = endpoint.to_string() + "|" + connect_host + ":" +
                            std::to_string(connect_port) + "|" + source;
    const std::string where = endpoint.host_port();
    auto conn = take_idle(key);
    const bool reused = conn != nullptr;
    for (int round = 0;; ++round) {
      if (!conn) {
        auto fresh = open(endpoint, connect_host, connect_port, source);
        if (!fresh) return Unexpected{fresh.error()};
        conn = std::move(*fresh);
      }
      auto result = conn->tls ? exchange_on(*conn->tls, *conn, req, head, timeout, where)
                              : exchange_on(*conn->plain, *conn, req, head, timeout, where);
      if (result) {
        if (result->second) give_back(key, std::move(conn));
        return std::move(result->first);
      }
      // A reused connection the server closed meanwhile: resend once on a new connection.
      if (reused && round == 0 && result.error().nothing_received) {
        conn.reset();
        continue;
      }
      return Unexpected{result.error().error};
    }
  }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

size_t Client::connections_opened() const { return impl_->opened.load(); }

Expected<Response, TransportError> Client::send(const Endpoint& endpoint, Request request,
                                                const PerRequestOptions& per_request) {
  const std::string where = endpoint.host_port();
  auto invalid = [&](std::string cause) {
    return Unexpected{fail(TransportErrc::invalid_request, where, cause)};
  };
  try {
    const auto& options = impl_->options;
    if (endpoint.scheme != "http" && endpoint.scheme != "https") {
      return invalid("scheme " + endpoint.scheme);
    }
    std::string connect_host = endpoint.host;
    uint16_t connect_port = endpoint.port;
    if (auto it = options.connect_to.find(where); it != options.connect_to.end()) {
      auto target = parse_host_port(it->second);
      if (!target) return invalid("connect_to " + it->second + ": " + target.error().to_string());
      connect_host = target->first;
      connect_port = target->second;
    }
    const bool head = detail::iequals(request.method, "HEAD");
    auto built = detail::build_request(endpoint, std::move(request), where);
    if (!built) return Unexpected{built.error()};
    auto& req = *built;

    const std::string source = per_request.source_address.value_or(options.source_address);
    const auto timeout = per_request.request_timeout.value_or(options.request_timeout);
    Expected<Response, TransportError> result =
        Unexpected{fail(TransportErrc::connect_failed, where, "no attempt")};
    for (int attempt = 0; attempt <= std::max(0, options.max_retries); ++attempt) {
      result = impl_->send_once(endpoint, req, head, connect_host, connect_port, source, timeout);
      if (result) return result;
      const auto code = result.error().code;
      if (code == TransportErrc::response_too_large || code == TransportErrc::tls_verify_failed ||
          code == TransportErrc::bind_failed || code == TransportErrc::invalid_request) {
        return result;
      }
    }
    return result;
  } catch (const std::exception& e) {
    // Allocation failure or a library invariant: reported, never thrown (the contract).
    return Unexpected{fail(TransportErrc::protocol_error, where, e.what())};
  }
}

}  // namespace scopecheck::http
