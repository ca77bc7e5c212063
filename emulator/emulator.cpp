#include "emulator/emulator.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>

#include "emulator/core.h"
#include "emulator/grants.h"
#include "emulator/token_spec.h"
#include "emulator/server.h"

namespace scopecheck::emulator {
namespace beast = boost::beast;
namespace http = beast::http;

struct Emulator::Impl {
  explicit Impl(EmulatorConfig c) : core(std::move(c)) {
    // The socket layer (an io_context: epoll and eventfd descriptors) only when the emulator is
    // started: the in-process transport never starts it.
    // With TLS files it is made now, so that a bad file is a ConfigError of the constructor.
    if (!core.config().tls_cert.empty() || !core.config().tls_key.empty()) server = std::make_unique<Server>(core);
  }
  Server& sockets() {
    if (!server) server = std::make_unique<Server>(core);
    return *server;
  }
  EmulatorCore core;
  std::unique_ptr<Server> server;
};

Emulator::Emulator(EmulatorConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Emulator::~Emulator() { stop(); }

void Emulator::start() { impl_->sockets().start(); }
void Emulator::stop() {
  if (impl_->server) impl_->server->stop();
}
uint16_t Emulator::s3_port() const { return impl_->server ? impl_->server->s3_port() : 0; }
uint16_t Emulator::api_port() const { return impl_->server ? impl_->server->api_port() : 0; }
uint16_t Emulator::s3_eu_port() const { return impl_->server ? impl_->server->s3_eu_port() : 0; }
std::string Emulator::account() const { return impl_->core.config().account; }
std::string Emulator::bootstrap_token() const { return impl_->core.bootstrap_token(); }
TestClock* Emulator::clock() { return impl_->core.test_clock(); }
void Emulator::set_faults(double share) { impl_->core.set_faults(share); }
void Emulator::reset(uint64_t seed, const std::string& clock_start, const std::vector<std::string>& keep_tokens) {
  auto start = parse_rfc3339(clock_start);
  if (!start) throw ConfigError("reset: not an RFC 3339 instant: '" + clock_start + "'");
  impl_->core.reset(seed, *start, keep_tokens);
}

std::string Emulator::startup_line() const {
  const auto& c = impl_->core.config();
  std::string scheme = c.tls_cert.empty() ? "http" : "https";
  auto host_of = [](const std::string& hostport) {
    auto colon = hostport.rfind(':');
    return colon == std::string::npos ? hostport : hostport.substr(0, colon);
  };
  nlohmann::ordered_json j{{"s3", fmt::format("{}://{}:{}", scheme, host_of(c.listen), s3_port())},
                   {"api", fmt::format("{}://{}:{}/client/v4", scheme, host_of(c.api_listen), api_port())},
                   {"account", c.account},
                   {"bootstrap_token", bootstrap_token()}};
  if (!c.eu_listen.empty()) j["s3_eu"] = fmt::format("{}://{}:{}", scheme, host_of(c.eu_listen), s3_eu_port());
  return j.dump();
}

namespace {
// Beast's serializer straight into one string: the bytes operator<< (and the server's
// async_write) produce, without an ostringstream and a copy of the whole answer.
template <class Body>
void append_wire(std::string& out, http::response<Body>& msg) {
  http::serializer<false, Body> sr{msg};
  beast::error_code ec;
  do {
    sr.next(ec, [&](beast::error_code&, const auto& buffers) {
      std::size_t n = 0;
      for (auto b : beast::buffers_range_ref(buffers)) {
        out.append(static_cast<const char*>(b.data()), b.size());
        n += b.size();
      }
      sr.consume(n);
    });
  } while (!ec && !sr.is_done());
  if (ec) throw beast::system_error(ec);
}

// As the server's sessions write an answer (server.cpp, Session::send), on a kept-alive connection.
std::string serialize(HttpResponse r) {
  std::string out;
  const bool keep = !r.close;
  if (r.head) {
    http::response<http::empty_body> msg(static_cast<http::status>(r.status), 11);
    for (const auto& [k, v] : r.headers) msg.insert(k, v);
    msg.set(http::field::content_length, std::to_string(r.body.size()));
    msg.keep_alive(keep);
    out.reserve(256);
    append_wire(out, msg);
  } else {
    out.reserve(256 + r.body.size());
    http::response<http::string_body> msg(static_cast<http::status>(r.status), 11);
    for (const auto& [k, v] : r.headers) msg.insert(k, v);
    msg.body() = std::move(r.body);
    msg.prepare_payload();
    msg.keep_alive(keep);
    append_wire(out, msg);
  }
  return out;
}
}  // namespace

std::string Emulator::handle_raw(std::string_view raw, std::string_view client_ip, Listener which) {
  return exchange(raw, client_ip, which).bytes;
}

Emulator::Exchange Emulator::exchange(std::string_view raw, std::string_view client_ip, Listener which) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(impl_->core.config().max_header_bytes));
  const auto& c = impl_->core.config();
  parser.body_limit(which == Listener::api ? std::min(c.max_api_body_bytes, c.max_body_bytes) : c.max_body_bytes);
  parser.eager(true);
  beast::error_code ec;
  parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) {
    HttpResponse bad;
    bad.status = 400;
    bad.close = true;
    bad.body = "malformed HTTP request";
    return {serialize(std::move(bad)), Exchange::Fault::none};
  }
  auto req = parser.release();
  HttpRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  for (const auto& f : req) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  r.body = std::move(req.body());
  r.client_ip = std::string(client_ip);
  HttpResponse res;
  try {
    res = which == Listener::s3 ? impl_->core.handle_s3(r) : impl_->core.handle_api(r);
  } catch (const std::exception& e) {  // a handler bug must not take the fuzzer or server down silently
    res = HttpResponse{};
    res.status = 500;
    res.body = std::string("internal error: ") + e.what();
  }
  const auto fault = res.fault == Fault::reset   ? Exchange::Fault::reset
                     : res.fault == Fault::stall ? Exchange::Fault::stall
                                                 : Exchange::Fault::none;
  return {serialize(std::move(res)), fault};
}

Emulator::SetupToken Emulator::setup_create_token(const nlohmann::json& body) {
  SetupToken out;
  auto spec = parse_token_spec(body, false, &out.error);
  if (!spec) return out;
  bool io_error = false;
  auto t = impl_->core.tokens().create(std::move(*spec), "user", &io_error);
  if (io_error) {
    out.error = "the token could not be made durable";
    return out;
  }
  out.id = std::move(t.id);
  out.value = std::move(t.value);
  return out;
}

std::string Emulator::setup_update_token(const std::string& id, const nlohmann::json& body) {
  std::string error;
  auto spec = parse_token_spec(body, true, &error);
  if (!spec) return error;
  bool io_error = false;
  auto t = impl_->core.tokens().update(id, std::move(*spec), "user", &io_error);
  if (!t) return "no token " + id;
  if (io_error) return "the change could not be made durable";
  return "";
}

namespace {
std::string store_failure(StoreError e) {
  return e == StoreError::ok ? "" : fmt::format("storage error {}", static_cast<int>(e));
}
}  // namespace

std::string Emulator::setup_create_bucket(const std::string& account, const std::string& jurisdiction,
                                          const std::string& name) {
  if (!is_bucket_name(name)) return "invalid bucket name " + name;
  auto& core = impl_->core;
  return store_failure(core.storage().create_bucket(BucketRef{account, jurisdiction, name}, core.clock().now()));
}

std::string Emulator::setup_put_object(const std::string& account, const std::string& jurisdiction,
                                       const std::string& bucket, const std::string& key, std::string body) {
  auto& core = impl_->core;
  ObjectMeta meta;  // what a PUT without Content-Type or stored headers keeps (s3_api.cpp)
  meta.last_modified = core.clock().now();
  meta.content_type = "application/octet-stream";
  std::string etag;
  return store_failure(core.storage().put_object(BucketRef{account, jurisdiction, bucket}, key, std::move(body),
                                                 std::move(meta), &etag));
}

std::string handle_raw_for_fuzzing(std::string_view raw_bytes, std::string_view client_ip) {
  static Emulator* emu = [] {
    EmulatorConfig c;
    c.test_clock = "2026-01-01T00:00:00Z";
    c.bootstrap_token = "fuzzbootstraptoken0000000000000000000000";
    static Emulator e(c);
    return &e;
  }();
  return emu->handle_raw(raw_bytes, client_ip, Emulator::Listener::s3);
}

}  // namespace scopecheck::emulator
