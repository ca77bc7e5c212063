#include "tests/http/test_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

namespace scopecheck::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

std::string SeenRequest::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (beast::iequals(k, name)) return v;
  }
  return {};
}

struct TestServer::State {
  Handler handler;
  asio::io_context ioc;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  std::atomic<size_t> accepted{0};
  mutable std::mutex mutex;
  std::vector<SeenRequest> requests;
  std::vector<std::string> peers;
  std::vector<std::shared_ptr<void>> hung;  // sessions that never answer, kept open
};

namespace {

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, TestServer::State& state, std::string peer)
      : stream_(std::move(stream)), state_(state), peer_(std::move(peer)) {}

  void start() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      read();
    } else {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();
                              });
    }
  }

 private:
  void read() {
    request_ = {};
    bhttp::async_read(stream_, buffer_, request_,
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (!ec) self->answer();
                      });
  }

  void answer() {
    SeenRequest seen{std::string(request_.method_string()), std::string(request_.target()), {},
                     request_.body(), peer_};
    for (const auto& f : request_) {
      seen.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    {
      std::lock_guard lock(state_.mutex);
      state_.requests.push_back(seen);
    }
    Answer a = state_.handler(seen);
    if (a.never_answer) {
      std::lock_guard lock(state_.mutex);
      state_.hung.push_back(this->shared_from_this());
      return;
    }
    if (a.drop) {
      beast::get_lowest_layer(stream_).close();
      return;
    }
    close_after_ = a.close_after;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(a.status));
    for (const auto& [k, v] : a.headers) response_.insert(k, v);
    response_.body() = std::move(a.body);
    response_.keep_alive(request_.keep_alive());
    if (request_.method() == bhttp::verb::head) {
      response_.content_length(response_.body().size());
      response_.body().clear();  // HEAD: the length of the body not sent
    } else {
      response_.prepare_payload();
    }
    auto self = this->shared_from_this();
    auto done = [self](beast::error_code ec, size_t) {
      if (ec || self->close_after_ || !self->response_.keep_alive()) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(self->stream_).close();
        return;
      }
      self->read();
    };
    bhttp::async_write(stream_, response_, done);
  }

  Stream stream_;
  TestServer::State& state_;
  std::string peer_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
  bhttp::response<bhttp::string_body> response_;
  bool close_after_ = false;
};

void accept_loop(TestServer::State& state) {
  state.acceptor.async_accept([&state](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    ++state.accepted;
    beast::error_code peer_ec;
    std::string peer = socket.remote_endpoint(peer_ec).address().to_string();
    {
      std::lock_guard lock(state.mutex);
      state.peers.push_back(peer);
    }
    if (state.tls) {
      using TlsStream = beast::ssl_stream<beast::tcp_stream>;
      std::make_shared<Session<TlsStream>>(TlsStream(beast::tcp_stream(std::move(socket)), *state.tls),
                                           state, peer)
          ->start();
    } else {
      std::make_shared<Session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), state, peer)
          ->start();
    }
    accept_loop(state);
  });
}

}  // namespace

TestServer::TestServer(Handler handler, std::optional<TlsIdentity> tls)
    : state_(std::make_shared<State>()) {
  state_->handler = std::move(handler);
  if (tls) {
    state_->tls.emplace(ssl::context::tls_server);
    state_->tls->use_certificate_chain(asio::buffer(tls->cert_pem));
    state_->tls->use_private_key(asio::buffer(tls->key_pem), ssl::context::pem);
  }
  tcp::endpoint local(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(local.protocol());
  state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  state_->acceptor.bind(local);
  state_->acceptor.listen();
  accept_loop(*state_);
  state_->thread = std::thread([state = state_.get()] { state->ioc.run(); });
}

TestServer::~TestServer() {
  state_->ioc.stop();
  state_->thread.join();
  std::lock_guard lock(state_->mutex);
  state_->hung.clear();
}

uint16_t TestServer::port() const { return state_->acceptor.local_endpoint().port(); }
size_t TestServer::accepted() const { return state_->accepted.load(); }

std::vector<SeenRequest> TestServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::vector<std::string> TestServer::peers() const {
  std::lock_guard lock(state_->mutex);
  return state_->peers;
}

TlsIdentity make_self_signed(const std::vector<std::string>& alt_names) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) throw std::runtime_error("OpenSSL: cannot create key or certificate");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), std::random_device{}() & 0x7fffffff);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("scopecheck test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  std::string san;
  for (const auto& n : alt_names) san += (san.empty() ? "" : ",") + n;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, san},
                            std::pair{NID_basic_constraints, std::string("critical,CA:TRUE")}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) throw std::runtime_error("OpenSSL: bad extension " + value);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (!X509_sign(cert.get(), key.get(), EVP_sha256())) throw std::runtime_error("OpenSSL: sign");

  auto to_pem = [](auto write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    write(bio.get());
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
  };
  TlsIdentity id;
  id.cert_pem = to_pem([&](BIO* b) { PEM_write_bio_X509(b, cert.get()); });
  id.key_pem = to_pem(
      [&](BIO* b) { PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  return id;
}

std::string write_temp_file(const std::string& text) {
  static std::atomic<int> counter{0};
  auto path = std::filesystem::temp_directory_path() /
              ("scopecheck-http-test-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter++) + ".pem");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace scopecheck::http::testing
